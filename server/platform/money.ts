// Money is integer fen everywhere (1 yuan = 100 fen); it becomes yuan only to be read by a person.

/** Fen as yuan with two decimals ("1234.05"), by string arithmetic so no float rounds it. */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`${fen} is not a whole number of fen`);
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return `${fen < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
