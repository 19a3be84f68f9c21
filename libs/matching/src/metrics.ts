import { hasMetMunicipality, haveMet, type Instance, pairCost } from './instance';
import type { PairingMetrics } from './types';

export type IndexedPair = [reviewer: number, author: number];

export function totalCost(instance: Instance, pairs: IndexedPair[]): number {
  let cost = 0;
  for (const [reviewer, author] of pairs) cost += pairCost(instance, reviewer, author);
  return cost;
}

export function pairingMetrics(instance: Instance, pairs: IndexedPair[]): PairingMetrics {
  let sameDomainPairs = 0;
  let repeatedPairs = 0;
  let repeatedMunicipalityPairs = 0;
  const load = new Int32Array(instance.participantCount);
  for (const [reviewer, author] of pairs) {
    if (instance.domainOf[reviewer] === instance.domainOf[author]) sameDomainPairs++;
    if (haveMet(instance, reviewer, author)) repeatedPairs++;
    if (hasMetMunicipality(instance, reviewer, instance.municipalityOf[author])) repeatedMunicipalityPairs++;
    load[reviewer]++;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const reviewer of instance.reviewers) {
    min = Math.min(min, load[reviewer]);
    max = Math.max(max, load[reviewer]);
  }
  if (instance.reviewers.length === 0) {
    min = 0;
    max = 0;
  }
  return { sameDomainPairs, repeatedPairs, repeatedMunicipalityPairs, reviewerLoad: { min, max } };
}
