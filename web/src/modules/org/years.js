// years.js — the years offered where eligibility is decided for a year:
// a few back (to check a past procurement) and a few ahead (to plan).

/** The current year in Beijing time, the year every office works in. */
export function currentYear() {
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' });
  return Number(year.format(new Date()));
}

/** The years to choose from, oldest first. */
export function yearChoices(back = 3, ahead = 2) {
  const now = currentYear();
  const years = [];
  for (let y = now - back; y <= now + ahead; y++) years.push(y);
  return years;
}
