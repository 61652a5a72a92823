/**
 * True for time zones this runtime's Intl knows ("Europe/Berlin", "UTC"). Asking Intl
 * rather than keeping a list means the answer matches what evaluation will use.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}
