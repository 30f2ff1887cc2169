import type { RandomSource } from '../../stats/seeded-random';

/**
 * A standard normal deviate from two uniforms: z = sqrt(-2 ln u1) cos(2 pi u2) (Box and Muller 1958).
 *
 * @example standardNormal(seededRandom(1)) // a draw from N(0, 1), the same for the same seed
 */
export function standardNormal(random: RandomSource): number {
  const u = 1 - random(); // in (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
