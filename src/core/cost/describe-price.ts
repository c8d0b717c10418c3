import type { ModelPrice } from './price-table';

/** `0.15` → `$0.15`, `0.075` → `$0.075`, `0.6` → `$0.60`: a per-million price as a price page writes it. */
export function formatPerMillion(usd: number): string {
  const [whole = '0', fraction = ''] = usd.toFixed(4).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `$${whole}.${trimmed.padEnd(2, '0')}`;
}

/** `$0.15 in / $0.60 out per 1M tokens (checked 2026-12-07)`, marked when unconfirmed; `price unknown` without a price. */
export function describePrice(price: ModelPrice | undefined): string {
  if (!price) return 'price unknown';
  if (price.inputPerMillion === 0 && price.outputPerMillion === 0) return 'free';
  const checked = price.asOf ? `checked ${price.asOf}` : '';
  const notes = [checked, price.estimate ? 'unconfirmed' : ''].filter(Boolean).join(', ');
  return `${formatPerMillion(price.inputPerMillion)} in / ${formatPerMillion(price.outputPerMillion)} out per 1M tokens${notes ? ` (${notes})` : ''}`;
}
