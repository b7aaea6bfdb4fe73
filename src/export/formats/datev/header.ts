/**
 * Line 1 of a Buchungsstapel: the 31 header fields of format 700, category 21, version 13,
 * quoted exactly as DATEV's own example (developer.datev.de, DATEV-Format: the header).
 */
import type { ExportSettings } from '../../config/settings.js';
import { fiscalYearBegin } from '../../period.js';
import type { Period } from '../../types.js';
import { quote } from './fields.js';

export interface HeaderInput {
  settings: ExportSettings;
  period: Period;
  /** "Erzeugt am", YYYYMMDDHHMMSSFFF. */
  created: string;
  /** Bezeichnung, at most 30 characters (already cleaned for cp1252). */
  label: string;
  exportedBy: string;
  dictation: string;
}

const ymd = (date: string): string => date.replaceAll('-', '');

export function headerFields(input: HeaderInput): string[] {
  const { settings, period } = input;
  const d = settings.datev;
  return [
    quote('EXTF'),
    '700',
    '21',
    quote('Buchungsstapel'),
    '13',
    input.created,
    '',
    quote('RE'),
    quote(input.exportedBy),
    quote(''),
    String(d.beraternummer),
    String(d.mandantennummer),
    ymd(fiscalYearBegin(period.from, d.fiscalYearStart)),
    String(settings.accountLength),
    ymd(period.from),
    ymd(period.to),
    quote(input.label),
    quote(input.dictation),
    '1',
    '0',
    // Festschreibung always explicit: since DATEV 13.0 a batch without it is locked on import.
    d.lock ? '1' : '0',
    quote(settings.baseCurrency),
    '',
    quote(''),
    '',
    '',
    quote(settings.skr),
    '',
    '',
    quote(''),
    quote(''),
  ];
}
