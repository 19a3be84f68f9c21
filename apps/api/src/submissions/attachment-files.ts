import { resolve } from 'node:path';
import { DomainError } from '../common/domain-error';

/**
 * Largest accepted upload. A constant rather than a setting because AppConfig is shared; 10 MiB
 * covers a report with screenshots, and the upload is kept in memory until it is checked.
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * Where uploads live, one file per attachment named by the attachment id (never by anything a
 * user sent). Relative to the working directory, like the default SQLite file in data/.
 */
export const UPLOAD_DIR = resolve('data/uploads');

/** Longest file name kept (the column is varchar(255)). */
const MAX_FILE_NAME = 255;

type Signature = 'pdf' | 'png' | 'jpeg' | 'zip' | 'text';

/** The content types participants may upload, and what their first bytes must look like. */
const ALLOWED_TYPES: Record<string, Signature> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'zip',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'zip',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'zip',
  'application/vnd.oasis.opendocument.text': 'zip',
  'application/vnd.oasis.opendocument.spreadsheet': 'zip',
  'application/vnd.oasis.opendocument.presentation': 'zip',
  'text/plain': 'text',
  'text/markdown': 'text',
  'text/csv': 'text',
};

const MAGIC: Record<Exclude<Signature, 'text'>, Buffer> = {
  pdf: Buffer.from('%PDF-', 'latin1'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff]),
  // OOXML and ODF documents are ZIP archives; a local file header starts with "PK\x03\x04".
  zip: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
};

const ALLOWED_LIST = 'PDF, PNG, JPEG, Word/Excel/PowerPoint (docx, xlsx, pptx), OpenDocument (odt, ods, odp), plain text, Markdown or CSV';

/** `Text/Plain; charset=utf-8` -> `text/plain`. */
export function normalizeContentType(declared: string | undefined): string {
  return (declared ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Checks the declared type against the allow-list and the bytes against the declared type,
 * so a renamed executable or an HTML page labelled as a PDF is refused. Returns the type stored.
 */
export function checkContent(declared: string | undefined, bytes: Buffer): string {
  const contentType = normalizeContentType(declared);
  const signature = ALLOWED_TYPES[contentType];
  if (!signature) throw DomainError.badInput('file', `files of type "${contentType || 'unknown'}" are not accepted; send ${ALLOWED_LIST}`);
  if (bytes.length === 0) throw DomainError.badInput('file', 'the file is empty');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw DomainError.badInput('file', `the file is larger than ${MAX_ATTACHMENT_BYTES} bytes`);
  if (signature === 'text') {
    if (bytes.includes(0) || !isUtf8(bytes)) throw DomainError.badInput('file', `a ${contentType} file must be UTF-8 text`);
    return contentType;
  }
  const magic = MAGIC[signature];
  if (bytes.length < magic.length || !bytes.subarray(0, magic.length).equals(magic)) {
    throw DomainError.badInput('file', `the content is not a ${contentType} file`);
  }
  return contentType;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// C0 and C1 control characters, and the bidirectional overrides that can disguise an extension
// (`report\u202Efdp.exe` shows as `reportexe.pdf`).
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name shown to people: the last path segment (either separator), without control
 * characters, at most 255 characters. Only for display: the file is stored under its id.
 */
export function cleanFileName(original: string | undefined): string {
  const base = (original ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_CHARS, '').trim();
  const name = cleaned === '.' || cleaned === '..' || cleaned === '' ? 'attachment' : cleaned;
  return Array.from(name).slice(0, MAX_FILE_NAME).join('');
}

/** `Content-Disposition` for a download: an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Where the file of an attachment is stored; the id is a UUID we generated. */
export function storedPath(attachmentId: string): string {
  return resolve(UPLOAD_DIR, attachmentId);
}

/** Served with a charset so browsers do not guess one. */
export function servedContentType(contentType: string): string {
  return contentType.startsWith('text/') ? `${contentType}; charset=utf-8` : contentType;
}
