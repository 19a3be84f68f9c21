/** Escapes LIKE wildcards so a search for `50%` or `a_b` matches those characters literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);
