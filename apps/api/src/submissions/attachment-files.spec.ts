import { checkContent, cleanFileName, contentDisposition, MAX_ATTACHMENT_BYTES } from './attachment-files';

describe('cleanFileName', () => {
  it.each([
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['C:\\Users\\x\\rapport.pdf', 'rapport.pdf'],
    ['rap\u0000po\u0007rt\r\n.pdf', 'rapport.pdf'],
    ['report\u202Efdp.exe', 'reportfdp.exe'],
    ['  spaties.pdf  ', 'spaties.pdf'],
    ['..', 'attachment'],
    ['a/b/', 'attachment'],
    ['', 'attachment'],
  ])('%j -> %j', (input, expected) => {
    expect(cleanFileName(input)).toBe(expected);
  });

  it('keeps at most 255 characters, counting code points', () => {
    expect(Array.from(cleanFileName('😀'.repeat(300)))).toHaveLength(255);
  });
});

describe('checkContent', () => {
  it('normalises the declared type', () => {
    expect(checkContent('Text/Plain; charset=UTF-8', Buffer.from('hallo'))).toBe('text/plain');
  });

  it('refuses a file over the limit even if multer let it through', () => {
    expect(() => checkContent('text/plain', Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x61))).toThrow('larger');
  });
});

describe('contentDisposition', () => {
  it('has an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('a "b" é\'s.pdf')).toBe(`attachment; filename="a _b_ _'s.pdf"; filename*=UTF-8''a%20%22b%22%20%C3%A9%27s.pdf`);
  });
});
