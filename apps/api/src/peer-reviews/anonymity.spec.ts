import { AnonymityMode } from '../assignments/assignment.entity';
import { seesCounterpart } from './anonymity';

describe('seesCounterpart', () => {
  it.each([
    [AnonymityMode.OPEN, 'AUTHOR', true],
    [AnonymityMode.OPEN, 'REVIEWER', true],
    [AnonymityMode.SINGLE_BLIND, 'AUTHOR', false],
    [AnonymityMode.SINGLE_BLIND, 'REVIEWER', true],
    [AnonymityMode.DOUBLE_BLIND, 'AUTHOR', false],
    [AnonymityMode.DOUBLE_BLIND, 'REVIEWER', false],
    [AnonymityMode.DOUBLE_BLIND, 'MANAGER', true],
  ] as const)('%s, seen as %s: %s', (mode, viewpoint, expected) => {
    expect(seesCounterpart(mode, viewpoint)).toBe(expected);
  });
});
