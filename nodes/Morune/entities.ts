import type { IDataObject } from 'n8n-workflow';

import { entityTable } from '../shared/schemas';
import type { EntityTable } from '../shared/shape';

/*
 * How morune's answers and notifications become the shared schemas (nodes/shared/schemas.ts).
 * morune's statuses: invoices created | success | fail | expired | refund; payouts wait | success
 * | fail (a failed payout leaves the money on the balance: cancelled).
 */

const PAYMENT_STATUS = { created: 'pending', success: 'paid', fail: 'failed', expired: 'expired', refund: 'refunded' };
const PAYOUT_STATUS = { wait: 'pending', success: 'paid', fail: 'cancelled' };

/** Payment → Get (`/invoice/info`, its `data`). Amounts in the invoice's currency, fees in RUB. */
export const PAYMENT: EntityTable = {
	id: ['invoice_id', 'text'],
	orderId: ['order_id', 'text?'],
	status: { status: 'status', words: PAYMENT_STATUS },
	providerStatus: ['status', 'text'],
	amount: ['invoice_amount', 'amount?'],
	currency: ['currency', 'text?'],
	paymentUrl: { fixed: null },
	method: ['pay_service', 'text?'],
	createdAt: ['created_at', 'date?'],
	expiresAt: ['expired_at', 'date?'],
	paidAt: ['paid_at', 'date?'],
	commission: ['commission_amount', 'amount?'],
	credited: ['credited', 'amount?'],
	morune: {
		group: {
			shopId: ['shop_id', 'text?'],
			payerDetails: ['payer_details', 'text?'],
			commissionPercent: ['commission_percent', 'amount?'],
			shopCommissionAmount: ['shop_commission_amount', 'amount?'],
			userCommissionAmount: ['user_commission_amount', 'amount?'],
			userCommissionPercent: ['user_commission_percent', 'amount?'],
			customFields: ['custom_field', 'value?'],
		},
	},
};

/** The payment (invoice) notification: the same payment, in the notification's own field names. */
export const PAYMENT_NOTIFICATION: EntityTable = entityTable('payment', {
	id: ['invoice_id', 'text'],
	orderId: ['order_id', 'text?'],
	status: { status: 'status', words: PAYMENT_STATUS },
	providerStatus: ['status', 'text'],
	amount: ['amount', 'amount?'],
	currency: ['currency', 'text?'],
	method: ['pay_service', 'text?'],
	paidAt: ['pay_time', 'date?'],
	credited: ['credited', 'amount?'],
	morune: {
		group: {
			payerDetails: ['payer_details', 'text?'],
			customFields: ['custom_fields', 'value?'],
			type: ['type', 'value?'],
			code: ['code', 'value?'],
			refundAmount: ['refund_amount', 'amount?'],
			refundReason: ['refund_reason', 'text?'],
			refundTime: ['refund_time', 'date?'],
			rejectTime: ['reject_time', 'date?'],
		},
	},
});

/** What only morune has of a payout (Payout → Get, and Payout → Create, which adds the balance after it). */
export const PAYOUT_GROUP: EntityTable = {
	type: ['type', 'text?'],
	feeFrom: ['subtract', 'text?'],
	receiveCurrency: ['receive_currency', 'text?'],
	amountReceived: ['amount_receive', 'amount?'],
	comment: ['comment', 'text?'],
};

/** Payout → Get (`/payoff/info`, its `data`). Amounts in RUB. */
export const PAYOUT: EntityTable = {
	id: ['payoff_id', 'text'],
	orderId: ['order_id', 'text?'],
	status: { status: 'status', words: PAYOUT_STATUS },
	providerStatus: ['status', 'text'],
	amount: ['amount', 'amount?'],
	amountDebited: ['amount_withdraw_rub', 'amount?'],
	commission: ['commission_rub', 'amount?'],
	method: ['service', 'text?'],
	wallet: ['wallet', 'text?'],
	currency: { fixed: 'RUB' },
	createdAt: ['created_at', 'date?'],
	completedAt: ['paid_at', 'date?'],
	cancelReason: ['error_message', 'text?'],
	// Only Payout → Create's answer gives the balance after it; the same keys whichever way the payout was read.
	morune: { group: { ...PAYOUT_GROUP, balanceAfter: { fixed: null } } },
};

/** The payout notification. */
export const PAYOUT_NOTIFICATION: EntityTable = entityTable('payout', {
	id: ['payoff_id', 'text'],
	orderId: ['order_id', 'text?'],
	status: { status: 'status', words: PAYOUT_STATUS },
	providerStatus: ['status', 'text'],
	amount: ['amount', 'amount?'],
	commission: ['commission', 'amount?'],
	method: ['service', 'text?'],
	wallet: ['wallet', 'text?'],
	currency: { fixed: 'RUB' },
	cancelReason: ['error_message', 'text?'],
	morune: { group: {} },
});

/** The tariff keys morune writes in camelCase, and their snake_case spelling some clients read. */
const TARIFF_SNAKE_CASE: Record<string, string> = {
	min_sum: 'minSum',
	max_sum: 'maxSum',
	shop_percent: 'shopPercent',
	user_percent: 'userPercent',
	service_label: 'serviceLabel',
};

const TARIFF_KEYS = Object.entries(TARIFF_SNAKE_CASE);

/**
 * A tariff with its snake_case keys (`max_sum`, `shop_percent`, `service_label`, as two
 * independent clients read them) also under morune's camelCase names, where those are missing.
 * The tariff is changed in place: it is this answer's own parse, shaped once and not output
 * with Simplify on (a copy of each of 1,000 tariffs was most of the shaping's time).
 */
export function tariffEntry(tariff: IDataObject): IDataObject {
	for (const [snake, camel] of TARIFF_KEYS) {
		if (tariff[camel] === undefined && tariff[snake] !== undefined) tariff[camel] = tariff[snake];
	}
	return tariff;
}

/** Payment Method → Get Many (`/shops/{shopId}/payment-tariffs`). */
export const PAYMENT_METHOD: EntityTable = {
	code: ['service', 'text'],
	name: ['serviceLabel', 'text?'],
	enabled: { flag: 'status', when: 'enabled' },
	min: { amount: 'minSum', currencyField: 'currency' },
	max: { amount: 'maxSum', currencyField: 'currency' },
	commissionPercent: ['percent', 'amount?'],
	commissionFixed: ['fix', 'amount?'],
	morune: {
		group: {
			shopPercent: ['shopPercent', 'amount?'],
			userPercent: ['userPercent', 'amount?'],
			providerStatus: ['status', 'text'],
		},
	},
};

/** SBP Bank → Get Many (`/payoff/get-sbp-bank-list`). */
export const SBP_BANK: EntityTable = {
	id: ['id', 'text'],
	name: ['name', 'text'],
	icon: { fixed: null },
};
