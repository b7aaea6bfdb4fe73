import { decodeCp1252, encodeCp1252, toCp1252Text } from '../../src/export/formats/datev/cp1252.js';
import { formatCents, splitLine } from '../../src/export/formats/datev/fields.js';
import { formatMinor, formatMoney, minorDigits, rateOf, rescale } from '../../src/export/money.js';
import { fiscalYearBegin, localStamp, monthlyPieces, parsePeriod } from '../../src/export/period.js';

describe('money, with integer arithmetic only', () => {
  it('formats minor units in 0, 2 and 3 digits, with either decimal mark', () => {
    expect(formatMinor(12345n, 2)).toBe('123.45');
    expect(formatMinor(-5n, 2)).toBe('-0.05');
    expect(formatMinor(12345n, 0)).toBe('12345');
    expect(formatMinor(12345n, 3, ',')).toBe('12,345');
    expect(formatMoney(900719925474099312n, 'EUR')).toBe('9007199254740993.12'); // beyond a double's precision
    expect([minorDigits('EUR'), minorDigits('jpy'), minorDigits('BHD')]).toEqual([2, 0, 3]);
  });

  it('formats DATEV amounts with a decimal comma and refuses negatives', () => {
    expect(formatCents(5n)).toBe('0,05');
    expect(formatCents(1530167n)).toBe('15301,67');
    expect(() => formatCents(-1n)).toThrow(/never negative/);
  });

  it('rescales only when no digit is lost', () => {
    expect(rescale(10000n, 0, 2)).toBe(1000000n);
    expect(rescale(12340n, 3, 2)).toBe(1234n);
    expect(rescale(12345n, 3, 2)).toBeNull();
  });

  it('computes rates as foreign units per base unit, rounded half up', () => {
    expect(rateOf({ amount: 12400n, currency: 'CHF' }, { amount: 10000n, currency: 'EUR' })).toBe(1_240000n);
    expect(rateOf({ amount: 6500n, currency: 'USD' }, { amount: 6000n, currency: 'EUR' })).toBe(1_083333n);
    expect(rateOf({ amount: 10000n, currency: 'JPY' }, { amount: 5831n, currency: 'EUR' })).toBe(171_497170n);
    expect(rateOf({ amount: 12345n, currency: 'BHD' }, { amount: 3012n, currency: 'EUR' })).toBe(409861n);
  });
});

describe('export periods', () => {
  it('checks --from and --to', () => {
    expect(parsePeriod('2026-11-01', '2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(() => parsePeriod('2026-02-30', '2026-03-01')).toThrow(/--from "2026-02-30" is not a date/);
    expect(() => parsePeriod('2026-03-01', '2026-02-01')).toThrow(/--to 2026-02-01 is before --from 2026-03-01/);
  });

  it('cuts periods into months, never across a calendar year', () => {
    expect(monthlyPieces({ from: '2026-11-15', to: '2027-01-10' })).toEqual([
      { from: '2026-11-15', to: '2026-11-30' },
      { from: '2026-12-01', to: '2026-12-31' },
      { from: '2027-01-01', to: '2027-01-10' },
    ]);
  });

  it('also cuts at a fiscal year that starts mid-month', () => {
    expect(monthlyPieces({ from: '2026-06-01', to: '2026-07-31' }, { month: 7, day: 15 })).toEqual([
      { from: '2026-06-01', to: '2026-06-30' },
      { from: '2026-07-01', to: '2026-07-14' },
      { from: '2026-07-15', to: '2026-07-31' },
    ]);
    expect(fiscalYearBegin('2026-03-01', { month: 7, day: 1 })).toBe('2025-07-01');
    expect(fiscalYearBegin('2026-07-01', { month: 7, day: 1 })).toBe('2026-07-01');
  });

  it('writes "Erzeugt am" in the sync time zone', () => {
    expect(localStamp(new Date('2026-10-31T23:30:00.123Z'), 'Europe/Berlin')).toBe('20261101003000123');
    expect(localStamp(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('20260701140000000');
  });
});

describe('Windows-1252', () => {
  it('keeps what cp1252 has (umlauts, €, typographic quotes, dashes) and replaces the rest', () => {
    const { text, replaced } = toCp1252Text('Café „Zur Post“ – 10 € ☕ 寿司');
    expect(text).toBe('Café „Zur Post“ – 10 € ? ??');
    expect(replaced).toEqual(['☕', '寿', '司']);
    expect(toCp1252Text('Cafe\u0301').text).toBe('Café'); // combining accent composed first
  });

  it('round-trips through bytes and names bytes cp1252 leaves undefined', () => {
    const bytes = encodeCp1252('Müller – 5 €');
    expect([...bytes]).toEqual([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]);
    expect(decodeCp1252(bytes)).toEqual({ text: 'Müller – 5 €', undefinedBytes: [] });
    expect(decodeCp1252(Uint8Array.from([0x41, 0x81])).undefinedBytes).toEqual([1]);
    expect(() => encodeCp1252('☕')).toThrow(/no cp1252 byte/);
  });

  it('splits DATEV lines with doubled quotes and semicolons inside text', () => {
    expect(splitLine('1,00;"a ""b"";c";;7').cells).toEqual([
      { value: '1,00', quoted: false },
      { value: 'a "b";c', quoted: true },
      { value: '', quoted: false },
      { value: '7', quoted: false },
    ]);
    expect(splitLine('"open;1').unclosed).toBe(true);
  });
});
