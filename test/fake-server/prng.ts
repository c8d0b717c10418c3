export { createPrng } from '../../src/core/stats/prng';
