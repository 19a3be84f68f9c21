import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/** No C0/C1 control character (NUL, tab, newline, escape ...): a name, e-mail or place never holds one. */
const WITHOUT_CONTROL_CHARACTERS = /^\P{Cc}*$/u;

/**
 * Free text to search or filter by, at most `maxLength` characters. Control characters are refused
 * rather than passed on: SQLite ends a LIKE pattern at a NUL, which would turn the search into
 * "match everything".
 */
export const IsSearchText = (maxLength: number) =>
  applyDecorators(IsString(), MaxLength(maxLength), Matches(WITHOUT_CONTROL_CHARACTERS, { message: 'must not contain control characters' }));
