import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventPublisher } from '@stratus/events';
import {
  captureAwsClient,
  ConfigurationError,
  getParameter,
  getSecretJson,
  requireEnv,
  secondsFromEnv,
  tracedDocumentClient,
} from '@stratus/lambda';
import { DynamoDbOrderStore } from '../adapters/dynamodb/dynamodb-order-store';
import { EventBridgeOrderPublisher } from '../adapters/eventbridge/eventbridge-order-publisher';
import { FileShippingNotifier } from '../adapters/notifications/file-shipping-notifier';
import { SesShippingNotifier } from '../adapters/notifications/ses-shipping-notifier';
import { NO_DECLINES, parseDeclineRules } from '../adapters/payments/decline-rules';
import {
  PaymentProviderCredentials,
  SimulatedPaymentProvider,
} from '../adapters/payments/simulated-payment-provider';
import { SqsCommandSender } from '../adapters/sqs/sqs-command-sender';
import type { SweepOptions } from '../application/expire-overdue-orders';
import {
  DEFAULT_IDEMPOTENCY_KEY_SECONDS,
  type OrderSettings,
  type OrdersDependencies,
} from '../application/orders-dependencies';
import type { RelayDependencies } from '../application/relay-outbox';
import type { PaymentDependencies } from '../application/settle-payment';
import { systemClock } from '../ports/clock';
import { uuidGenerator } from '../ports/id-generator';
import type { PaymentProvider } from '../ports/payment-provider';
import type { ShippingNotifier } from '../ports/shipping-notifier';

/**
 * Everything a function needs, built once per Lambda container from its environment and reused
 * across invocations (clients keep their connections). Endpoints come from the SDK's
 * AWS_ENDPOINT_URL_* variables, so the same code runs against the local cloud. Each getter reads
 * only the variables its functions are given: a missing one fails loudly, naming it.
 */
export const ENV = {
  table: 'ORDERS_TABLE_NAME',
  pendingTimeout: 'PENDING_TIMEOUT_SECONDS',
  idempotencyKeyLifetime: 'IDEMPOTENCY_KEY_SECONDS',
  paymentsQueue: 'PAYMENTS_QUEUE_URL',
  notificationsQueue: 'NOTIFICATIONS_QUEUE_URL',
  paymentProvider: 'PAYMENT_PROVIDER',
  paymentSecret: 'PAYMENT_PROVIDER_SECRET_NAME',
  declineRules: 'PAYMENT_DECLINE_RULES_PARAMETER',
  notificationsTransport: 'NOTIFICATIONS_TRANSPORT',
  notificationsFile: 'NOTIFICATIONS_OUTBOX_FILE',
  notificationsFrom: 'NOTIFICATIONS_FROM_ADDRESS',
  notificationsConfigurationSet: 'NOTIFICATIONS_CONFIGURATION_SET',
} as const;

let orders: OrdersDependencies | undefined;
let relay: RelayDependencies | undefined;
let payments: PaymentDependencies | undefined;
let notifier: ShippingNotifier | undefined;
let sqs: SQSClient | undefined;

export function ordersDependencies(): OrdersDependencies {
  orders ??= {
    store: new DynamoDbOrderStore({
      client: tracedDocumentClient(),
      tableName: requireEnv(ENV.table, 'the orders table'),
    }),
    clock: systemClock,
    ids: uuidGenerator,
  };
  return orders;
}

export function orderSettings(): OrderSettings {
  return {
    pendingTimeoutSeconds: secondsFromEnv(ENV.pendingTimeout, 600),
    idempotencyKeySeconds: secondsFromEnv(ENV.idempotencyKeyLifetime, DEFAULT_IDEMPOTENCY_KEY_SECONDS),
  };
}

export function sweepOptions(): SweepOptions {
  return { pageSize: 100, budgetMs: 40_000, concurrency: 8 };
}

export function relayDependencies(): RelayDependencies {
  relay ??= {
    publisher: new EventBridgeOrderPublisher(new EventPublisher()),
    sender: new SqsCommandSender(sqsClient(), {
      payments: requireEnv(ENV.paymentsQueue, 'the payment worker queue (RequestPayment, RefundPayment)'),
      notifications: requireEnv(ENV.notificationsQueue, 'the notification worker queue (NotifyShipping)'),
    }),
  };
  return relay;
}

export function paymentDependencies(): PaymentDependencies {
  payments ??= { ...ordersDependencies(), payments: paymentProvider() };
  return payments;
}

/** The payment provider adapter named by PAYMENT_PROVIDER. Only the simulated one exists. */
function paymentProvider(): PaymentProvider {
  const provider = requireEnv(ENV.paymentProvider, 'which payment provider adapter to use (simulated)');
  if (provider !== 'simulated') {
    throw new ConfigurationError(
      `${ENV.paymentProvider}=${provider}: no adapter for this payment provider exists; the only one is "simulated" (src/adapters/payments)`,
    );
  }
  const secretName = requireEnv(
    ENV.paymentSecret,
    'the Secrets Manager secret with the provider credentials',
  );
  const rulesParameter = process.env[ENV.declineRules];
  return new SimulatedPaymentProvider({
    credentials: () => getSecretJson(secretName, PaymentProviderCredentials),
    // Short cache: a test or a demo flips the rules without a deploy.
    declineRules: async () =>
      rulesParameter
        ? parseDeclineRules(
            await getParameter(rulesParameter, { maxAge: 30 }),
            `SSM parameter ${rulesParameter}`,
          )
        : NO_DECLINES,
  });
}

/** The notification transport named by NOTIFICATIONS_TRANSPORT: `ses` on AWS, `file` offline. */
export function shippingNotifier(): ShippingNotifier {
  if (notifier) return notifier;
  const transport = requireEnv(
    ENV.notificationsTransport,
    'how shipping notifications are sent: ses or file',
  );
  switch (transport) {
    case 'ses': {
      const configurationSet = process.env[ENV.notificationsConfigurationSet];
      notifier = new SesShippingNotifier(captureAwsClient(new SESv2Client({})), {
        fromAddress: requireEnv(ENV.notificationsFrom, 'the verified SES identity notifications come from'),
        ...(configurationSet ? { configurationSet } : {}),
      });
      return notifier;
    }
    case 'file':
      notifier = new FileShippingNotifier(
        requireEnv(ENV.notificationsFile, 'the file local notifications are written to'),
      );
      return notifier;
    default:
      throw new ConfigurationError(`${ENV.notificationsTransport} must be ses or file, got "${transport}"`);
  }
}

function sqsClient(): SQSClient {
  sqs ??= captureAwsClient(new SQSClient({}));
  return sqs;
}
