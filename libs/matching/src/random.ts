// A small seeded pseudo-random generator (mulberry32). Math.random is never used in this
// library: the same input and seed must give the same pairing on every machine.
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so that neighbouring seeds (1, 2, 3...) start far apart.
    let mixed = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
    this.state = (mixed ^ (mixed >>> 16)) >>> 0;
  }

  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  }

  nextInt(bound: number): number {
    return Math.floor((this.nextUint32() / 4294967296) * bound);
  }

  shuffle<T>(items: { [index: number]: T; readonly length: number }): void {
    for (let index = items.length - 1; index > 0; index--) {
      const other = this.nextInt(index + 1);
      const held = items[index];
      items[index] = items[other];
      items[other] = held;
    }
  }
}
