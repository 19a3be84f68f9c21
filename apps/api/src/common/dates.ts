/** A calendar date `YYYY-MM-DD` that exists (no 2027-02-30). */
export const CALENDAR_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isRealCalendarDate(text: string): boolean {
  if (!CALENDAR_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return date.toISOString().slice(0, 10) === text;
}

/** The first instant of a calendar date and the first instant after it, in UTC. */
export const startOfDay = (date: string): Date => new Date(`${date}T00:00:00Z`);
export const endOfDay = (date: string): Date => new Date(new Date(`${date}T00:00:00Z`).getTime() + 86400_000);
