import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChargeRequest, ChargeResult, PaymentProvider } from '../../ports/payment-provider';
import { declineReason, type DeclineRules } from './decline-rules';

/** What a payment provider account needs; stored as JSON in Secrets Manager, never in the environment. */
export const PaymentProviderCredentials = z.strictObject({
  merchantId: z.string().min(1),
  apiKey: z.string().min(16),
});
export type PaymentProviderCredentials = z.output<typeof PaymentProviderCredentials>;

export interface SimulatedPaymentProviderOptions {
  /** Read on every call (they are cached by Powertools Parameters underneath). */
  credentials: () => Promise<PaymentProviderCredentials>;
  declineRules: () => Promise<DeclineRules>;
}

/**
 * A SIMULATED payment provider, not a payment integration: it moves no money. It stands in for a
 * real provider's client, deterministically, so the saga runs end to end locally and on a dev
 * stage: the same idempotency key always gives the same payment id (a redelivered request is the
 * same charge), and declines follow configurable rules. Like a real client it cannot work without
 * its credentials (read from Secrets Manager), but it only checks that they are present.
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  constructor(private readonly options: SimulatedPaymentProviderOptions) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    await this.options.credentials();
    const reason = declineReason(await this.options.declineRules(), request);
    if (reason !== undefined) return { outcome: 'declined', declineReason: reason };
    return { outcome: 'approved', paymentId: `simpay_${digest(request.idempotencyKey)}` };
  }

  async refund(_request: { orderId: string; paymentId: string; idempotencyKey: string }): Promise<void> {
    await this.options.credentials();
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);
