// A residual network for min-cost flow with node supplies (positive excess) and demands
// (negative excess), balanced by the primal-dual method: a Dijkstra on reduced costs raises the
// node potentials, then blocking flows (Dinic) move as much as possible along zero-reduced-cost
// arcs. Costs are integers, so distances are integers and a bucket queue replaces the heap.
//
// Invariant kept between calls: every arc with residual capacity has a non-negative reduced cost
// cost + potential[tail] - potential[head]. Whoever adds an arc that breaks it must saturate it.
export class FlowNetwork {
  readonly firstArc: Int32Array;
  readonly excess: Float64Array;
  readonly potential: Float64Array;
  arcCount = 0;
  arcHead: Int32Array;
  nextArc: Int32Array;
  capacity: Int32Array;
  arcCost: Float64Array;
  shortestPathPhases = 0;

  constructor(
    readonly nodeCount: number,
    expectedArcs: number,
  ) {
    this.firstArc = new Int32Array(nodeCount).fill(-1);
    this.excess = new Float64Array(nodeCount);
    this.potential = new Float64Array(nodeCount);
    const room = Math.max(16, expectedArcs * 2);
    this.arcHead = new Int32Array(room);
    this.nextArc = new Int32Array(room);
    this.capacity = new Int32Array(room);
    this.arcCost = new Float64Array(room);
  }

  // Adds arc from -> to and its reverse; returns the forward arc (the reverse is arc ^ 1).
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (this.arcCount + 2 > this.arcHead.length) this.grow();
    const forward = this.arcCount;
    this.arcHead[forward] = to;
    this.capacity[forward] = capacity;
    this.arcCost[forward] = cost;
    this.nextArc[forward] = this.firstArc[from];
    this.firstArc[from] = forward;
    const backward = forward + 1;
    this.arcHead[backward] = from;
    this.capacity[backward] = 0;
    this.arcCost[backward] = -cost;
    this.nextArc[backward] = this.firstArc[to];
    this.firstArc[to] = backward;
    this.arcCount += 2;
    return forward;
  }

  tail(arc: number): number {
    return this.arcHead[arc ^ 1];
  }

  reducedCost(arc: number): number {
    return this.arcCost[arc] + this.potential[this.arcHead[arc ^ 1]] - this.potential[this.arcHead[arc]];
  }

  // Pushes one unit through `arc` regardless of reduced cost, leaving an imbalance to rebalance.
  saturateUnit(arc: number): void {
    this.capacity[arc] -= 1;
    this.capacity[arc ^ 1] += 1;
    this.excess[this.arcHead[arc ^ 1]] -= 1;
    this.excess[this.arcHead[arc]] += 1;
  }

  private grow(): void {
    const size = this.arcHead.length * 2;
    const widenInt = (old: Int32Array): Int32Array => {
      const wider = new Int32Array(size);
      wider.set(old);
      return wider;
    };
    this.arcHead = widenInt(this.arcHead);
    this.nextArc = widenInt(this.nextArc);
    this.capacity = widenInt(this.capacity);
    const cost = new Float64Array(size);
    cost.set(this.arcCost);
    this.arcCost = cost;
  }

  // Moves flow from positive-excess nodes to negative-excess nodes along shortest paths until no
  // excess is left (returns null) or no deficit can be reached from the remaining excess. In the
  // second case the nodes reachable from excess in the residual network are returned: a cut that
  // certifies no further flow is possible within the current arcs.
  balance(): Uint8Array | null {
    const residual = new ResidualLayout(this);
    try {
      return this.balanceLayout(residual);
    } finally {
      residual.writeBack(this);
    }
  }

  private balanceLayout(residual: ResidualLayout): Uint8Array | null {
    const nodeCount = this.nodeCount;
    const distance = new Float64Array(nodeCount);
    const settled = new Uint8Array(nodeCount);
    const queue = new MonotoneBucketQueue();
    const level = new Int32Array(nodeCount);
    const currentEntry = new Int32Array(nodeCount);
    const bfsQueue = new Int32Array(nodeCount);
    const pathNodes = new Int32Array(nodeCount + 1);
    const pathEntries = new Int32Array(nodeCount + 1);
    for (;;) {
      let anyExcess = false;
      for (let node = 0; node < nodeCount; node++) {
        if (this.excess[node] > 0) {
          anyExcess = true;
          break;
        }
      }
      if (!anyExcess) return null;
      const target = this.dijkstra(residual, distance, settled, queue);
      this.shortestPathPhases++;
      if (target < 0) {
        const reached = new Uint8Array(nodeCount);
        for (let node = 0; node < nodeCount; node++) reached[node] = distance[node] < Infinity ? 1 : 0;
        return reached;
      }
      for (let node = 0; node < nodeCount; node++) {
        this.potential[node] += distance[node] < target ? distance[node] : target;
      }
      while (this.blockingFlow(residual, level, currentEntry, bfsQueue, pathNodes, pathEntries) > 0) {
        // Repeat until the zero-reduced-cost subnetwork has no augmenting path left.
      }
    }
  }

  private dijkstra(residual: ResidualLayout, distance: Float64Array, settled: Uint8Array, queue: MonotoneBucketQueue): number {
    const { start, head, capacity, cost } = residual;
    const { potential, excess } = this;
    distance.fill(Infinity);
    settled.fill(0);
    queue.clear();
    for (let node = 0; node < this.nodeCount; node++) {
      if (excess[node] > 0) {
        distance[node] = 0;
        queue.push(node, 0);
      }
    }
    for (;;) {
      const node = queue.pop();
      if (node < 0) return -1;
      const reachedDistance = queue.lastKey;
      if (settled[node] || reachedDistance !== distance[node]) continue;
      settled[node] = 1;
      if (excess[node] < 0) {
        queue.clear();
        return reachedDistance;
      }
      const nodePotential = potential[node];
      const end = start[node + 1];
      for (let entry = start[node]; entry < end; entry++) {
        if (capacity[entry] <= 0) continue;
        const next = head[entry];
        if (settled[next]) continue;
        const candidate = reachedDistance + cost[entry] + nodePotential - potential[next];
        if (candidate < distance[next]) {
          distance[next] = candidate;
          queue.push(next, candidate);
        }
      }
    }
  }

  // One Dinic round on the admissible (zero reduced cost) subnetwork; returns units moved.
  private blockingFlow(
    residual: ResidualLayout,
    level: Int32Array,
    currentEntry: Int32Array,
    bfsQueue: Int32Array,
    pathNodes: Int32Array,
    pathEntries: Int32Array,
  ): number {
    const { start, head, capacity, cost, mate } = residual;
    const { potential, excess, nodeCount } = this;
    level.fill(-1);
    let queueEnd = 0;
    for (let node = 0; node < nodeCount; node++) {
      if (excess[node] > 0) {
        level[node] = 0;
        bfsQueue[queueEnd++] = node;
      }
    }
    let targetLevel = Number.MAX_SAFE_INTEGER;
    for (let queueStart = 0; queueStart < queueEnd; queueStart++) {
      const node = bfsQueue[queueStart];
      const nextLevel = level[node] + 1;
      if (nextLevel > targetLevel) break;
      const nodePotential = potential[node];
      const end = start[node + 1];
      for (let entry = start[node]; entry < end; entry++) {
        if (capacity[entry] <= 0) continue;
        const next = head[entry];
        if (level[next] !== -1 || cost[entry] + nodePotential - potential[next] !== 0) continue;
        level[next] = nextLevel;
        if (excess[next] < 0) targetLevel = nextLevel;
        if (nextLevel < targetLevel) bfsQueue[queueEnd++] = next;
      }
    }
    if (targetLevel === Number.MAX_SAFE_INTEGER) return 0;

    currentEntry.set(start.subarray(0, nodeCount));
    let moved = 0;
    for (let source = 0; source < nodeCount; source++) {
      if (level[source] !== 0) continue;
      while (excess[source] > 0) {
        let depth = 0;
        pathNodes[0] = source;
        let found = false;
        while (depth >= 0) {
          const node = pathNodes[depth];
          if (depth > 0 && excess[node] < 0) {
            found = true;
            break;
          }
          const wantedLevel = level[node] + 1;
          const nodePotential = potential[node];
          const end = start[node + 1];
          let entry = currentEntry[node];
          while (entry < end) {
            const next = head[entry];
            if (capacity[entry] > 0 && level[next] === wantedLevel && cost[entry] + nodePotential - potential[next] === 0) break;
            entry++;
          }
          currentEntry[node] = entry;
          if (entry < end) {
            pathEntries[depth] = entry;
            pathNodes[++depth] = head[entry];
          } else {
            // Dead end: no admissible arc left; never enter this node again in this round.
            level[node] = -2;
            depth--;
            if (depth >= 0) currentEntry[pathNodes[depth]]++;
          }
        }
        if (!found) break;
        const sink = pathNodes[depth];
        let amount = Math.min(excess[source], -excess[sink]);
        for (let step = 0; step < depth; step++) amount = Math.min(amount, capacity[pathEntries[step]]);
        for (let step = 0; step < depth; step++) {
          capacity[pathEntries[step]] -= amount;
          capacity[mate[pathEntries[step]]] += amount;
        }
        excess[source] -= amount;
        excess[sink] += amount;
        moved += amount;
      }
    }
    return moved;
  }
}

// The residual arcs regrouped per tail node in contiguous arrays (compressed sparse rows), so
// that scanning a node's arcs reads memory sequentially. Built at the start of a balance and
// written back at its end; arcs are only added between balances.
class ResidualLayout {
  readonly start: Int32Array;
  readonly head: Int32Array;
  readonly capacity: Int32Array;
  readonly cost: Float64Array;
  readonly mate: Int32Array;
  private readonly entryOfArc: Int32Array;

  constructor(network: FlowNetwork) {
    const { nodeCount, arcCount, arcHead } = network;
    const start = new Int32Array(nodeCount + 1);
    for (let arc = 0; arc < arcCount; arc++) start[arcHead[arc ^ 1] + 1]++;
    for (let node = 0; node < nodeCount; node++) start[node + 1] += start[node];
    const fill = start.slice(0, nodeCount);
    const entryOfArc = new Int32Array(arcCount);
    for (let arc = 0; arc < arcCount; arc++) entryOfArc[arc] = fill[arcHead[arc ^ 1]]++;
    const head = new Int32Array(arcCount);
    const capacity = new Int32Array(arcCount);
    const cost = new Float64Array(arcCount);
    const mate = new Int32Array(arcCount);
    for (let arc = 0; arc < arcCount; arc++) {
      const entry = entryOfArc[arc];
      head[entry] = arcHead[arc];
      capacity[entry] = network.capacity[arc];
      cost[entry] = network.arcCost[arc];
      mate[entry] = entryOfArc[arc ^ 1];
    }
    this.start = start;
    this.head = head;
    this.capacity = capacity;
    this.cost = cost;
    this.mate = mate;
    this.entryOfArc = entryOfArc;
  }

  writeBack(network: FlowNetwork): void {
    for (let arc = 0; arc < this.entryOfArc.length; arc++) network.capacity[arc] = this.capacity[this.entryOfArc[arc]];
  }
}

const BUCKET_LIMIT = 4096;

// Priority queue for Dijkstra with integer keys that never decrease below the last popped key.
// Small keys go to buckets (Dial's algorithm); rare large keys to a binary heap.
export class MonotoneBucketQueue {
  private readonly buckets: number[][] = [];
  private cursor = 0;
  private highestBucket = -1;
  private readonly heapKeys: number[] = [];
  private readonly heapNodes: number[] = [];
  lastKey = 0;

  push(node: number, key: number): void {
    if (key < BUCKET_LIMIT) {
      let bucket = this.buckets[key];
      if (bucket === undefined) {
        bucket = [];
        this.buckets[key] = bucket;
      }
      bucket.push(node);
      if (key > this.highestBucket) this.highestBucket = key;
      if (key < this.cursor) this.cursor = key;
      return;
    }
    const keys = this.heapKeys;
    const nodes = this.heapNodes;
    let position = keys.length;
    keys.push(key);
    nodes.push(node);
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[position] = keys[parent];
      nodes[position] = nodes[parent];
      position = parent;
    }
    keys[position] = key;
    nodes[position] = node;
  }

  // The key is returned through `lastKey` to avoid allocating a pair per pop.
  pop(): number {
    while (this.cursor <= this.highestBucket) {
      const bucket = this.buckets[this.cursor];
      if (bucket !== undefined && bucket.length > 0) {
        this.lastKey = this.cursor;
        return bucket.pop() as number;
      }
      this.cursor++;
    }
    const keys = this.heapKeys;
    const nodes = this.heapNodes;
    if (keys.length === 0) return -1;
    const topNode = nodes[0];
    this.lastKey = keys[0];
    const lastKey = keys.pop() as number;
    const lastNode = nodes.pop() as number;
    const size = keys.length;
    if (size > 0) {
      let position = 0;
      for (;;) {
        let child = 2 * position + 1;
        if (child >= size) break;
        if (child + 1 < size && keys[child + 1] < keys[child]) child++;
        if (keys[child] >= lastKey) break;
        keys[position] = keys[child];
        nodes[position] = nodes[child];
        position = child;
      }
      keys[position] = lastKey;
      nodes[position] = lastNode;
    }
    return topNode;
  }

  clear(): void {
    for (let key = 0; key <= this.highestBucket; key++) {
      const bucket = this.buckets[key];
      if (bucket !== undefined) bucket.length = 0;
    }
    this.cursor = 0;
    this.highestBucket = -1;
    this.heapKeys.length = 0;
    this.heapNodes.length = 0;
  }
}
