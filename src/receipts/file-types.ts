/**
 * Receipt file types: what Pliant declares (`mimeType` PDF, PNG, JPG) and what the bytes
 * say they are (magic numbers). A file is stored only when both agree, so a mislabelled or
 * broken download (an HTML error page, a truncated body) is never filed as a receipt.
 */
export type FileKind = 'pdf' | 'png' | 'jpg';

/** Declared types as Pliant spells them, plus the MIME spellings a server might send instead. */
const DECLARED: Record<string, FileKind> = {
  PDF: 'pdf',
  'APPLICATION/PDF': 'pdf',
  PNG: 'png',
  'IMAGE/PNG': 'png',
  JPG: 'jpg',
  JPEG: 'jpg',
  'IMAGE/JPEG': 'jpg',
};

export const KIND_NAMES: Record<FileKind, string> = { pdf: 'PDF', png: 'PNG', jpg: 'JPEG' };

/** The declared kind, or undefined for a type this version does not know (kept, not checked). */
export function declaredKind(mimeType: string | null | undefined): FileKind | undefined {
  return mimeType ? DECLARED[mimeType.trim().toUpperCase()] : undefined;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
const PDF_SIGNATURE = Buffer.from('%PDF-', 'latin1');
/** PDF readers accept the header anywhere in the first 1024 bytes (some producers put junk before it). */
const PDF_HEADER_WINDOW = 1024;

/** What the bytes are, by their signature. */
export function sniffKind(bytes: Buffer): FileKind | undefined {
  if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.subarray(0, JPEG_SIGNATURE.length).equals(JPEG_SIGNATURE)) return 'jpg';
  if (bytes.subarray(0, PDF_HEADER_WINDOW).indexOf(PDF_SIGNATURE) >= 0) return 'pdf';
  return undefined;
}

/** The first bytes in hex, for a message about a file that is not what it claims. */
export function firstBytes(bytes: Buffer, count = 8): string {
  return bytes.length === 0
    ? 'nothing (empty body)'
    : [...bytes.subarray(0, count)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
