'use strict';
// A small seeded random source (mulberry32), so a SEED gives the same shape of data every run
// (ids come from crypto.randomUUID and differ).

function makeRandom(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    shuffle(list) {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    },
    /** A picker over `values` with the given relative weights (binary search on the cumulative sums). */
    weighted(values, weights) {
      const cumulative = [];
      let total = 0;
      for (const weight of weights) cumulative.push((total += weight));
      return () => {
        const x = next() * total;
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid] > x) hi = mid;
          else lo = mid + 1;
        }
        return values[lo];
      };
    },
  };
}

// Common Dutch first names and surnames (surnames without their tussenvoegsel for simple e-mail
// addresses), and job titles of municipal information managers.
const NAMES = {
  first: [
    'Anne', 'Bram', 'Daan', 'Emma', 'Eva', 'Fleur', 'Hanna', 'Iris', 'Jan', 'Jesse', 'Julia', 'Kees', 'Lars',
    'Lieke', 'Lotte', 'Luuk', 'Maud', 'Mila', 'Noah', 'Noor', 'Pieter', 'Ruben', 'Sanne', 'Sem', 'Sophie',
    'Thijs', 'Tim', 'Vera', 'Wouter', 'Yara', 'Ahmed', 'Fatima', 'Mohamed', 'Samira', 'Priya', 'Marieke',
    'Gerrit', 'Ingrid', 'Henk', 'Femke',
  ],
  last: [
    'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit',
    'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker',
    'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs',
    'de Haan', 'Vermeulen', 'van den Heuvel', 'van der Veen', 'van den Broek', 'de Bruijn', 'de Bruin',
    'van der Heijden', 'Schouten', 'van Beek', 'Willems', 'van Vliet', 'Yilmaz', 'El Amrani', 'Postma',
  ],
  jobs: [
    'Informatiemanager', 'I&A-coördinator', 'Informatieadviseur', 'Adviseur informatiebeheer',
    'Functioneel beheerder', 'Privacy officer', 'Data-analist', 'CIO-adviseur', 'Architect',
  ],
};

module.exports = { makeRandom, NAMES };
