import { ValidateIf } from 'class-validator';

/**
 * For fields of partial updates: omitted (undefined) skips validation, but an explicit null is
 * validated like any value and refused, so `{ name: null }` never reaches a NOT NULL column.
 */
export const IfPresent = () => ValidateIf((_input: object, value: unknown) => value !== undefined);
