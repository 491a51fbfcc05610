import type { EntityTable } from '../shared/shape';

/*
 * How aaio's answers and notifications become the shared schemas (nodes/shared/schemas.ts).
 * aaio's statuses: orders in_process | success | hold | expired (hold: paid, the money held for
 * a while; aaio's docs say both success and hold mean paid); payouts in_process | success | cancel.
 */

const PAYMENT_STATUS = { in_process: 'pending', success: 'paid', hold: 'paid', expired: 'expired' };
const PAYOUT_STATUS = { in_process: 'pending', success: 'paid', cancel: 'cancelled' };

/** aaio's own fields of a payment, in its answers and its notification alike. */
const PAYMENT_OWN: EntityTable = {
	description: ['desc', 'text?'],
	email: ['email', 'text?'],
	commissionClient: ['commission_client', 'amount?'],
	commissionType: ['commission_type', 'text?'],
	merchantId: ['merchant_id', 'text?'],
};

/** Order → Get (`/api/info-pay`) and the Order Paid notification. Amounts in the order's currency, fees in RUB. */
export const PAYMENT: EntityTable = {
	id: ['id', 'text?'],
	orderId: ['order_id', 'text'],
	status: { status: 'status', words: PAYMENT_STATUS },
	providerStatus: ['status', 'text'],
	amount: ['amount', 'amount'],
	currency: ['currency', 'text'],
	paymentUrl: { fixed: null },
	method: ['method', 'text?'],
	createdAt: ['date', 'date?'],
	expiresAt: ['expired_date', 'date?'],
	paidAt: ['complete_date', 'date?'],
	commission: ['commission', 'amount?'],
	credited: ['profit', 'amount?'],
	aaio: { group: { ...PAYMENT_OWN, merchantDomain: ['merchant_domain', 'text?'], userVariables: ['us_vars', 'value?'] } },
};

/** The Payment notification: the same payment, its ID named `invoice_id`, without dates. */
export const PAYMENT_NOTIFICATION: EntityTable = {
	...PAYMENT,
	id: ['invoice_id', 'text?'],
	createdAt: { fixed: null },
	expiresAt: { fixed: null },
	paidAt: { fixed: null },
	aaio: { group: PAYMENT_OWN },
};

/** Payout → Create, Payout → Get (`/api/info-payoff`) and the payout notification. Amounts in RUB. */
export const PAYOUT: EntityTable = {
	id: ['id', 'text'],
	orderId: ['my_id', 'text?'],
	status: { status: 'status', words: PAYOUT_STATUS },
	providerStatus: ['status', 'text'],
	amount: ['amount', 'amount?'],
	amountDebited: ['amount_down', 'amount?'],
	commission: ['commission', 'amount?'],
	method: ['method', 'text?'],
	wallet: ['wallet', 'text?'],
	currency: { fixed: 'RUB' },
	createdAt: ['date', 'date?'],
	completedAt: ['complete_date', 'date?'],
	cancelReason: ['cancel_message', 'text?'],
	aaio: {
		group: {
			commissionType: ['commission_type', 'amount?'],
			amountInCurrency: ['amount_in_currency', 'amount?'],
			amountCurrency: ['amount_currency', 'text?'],
			amountRate: ['amount_rate', 'amount?'],
		},
	},
};

/** Payment Method → Get Many (`/api/methods-pay`): limits per currency. */
export const PAYMENT_METHOD: EntityTable = {
	code: ['code', 'text'],
	name: ['name', 'text?'],
	enabled: { fixed: true },
	min: ['min', 'amounts?'],
	max: ['max', 'amounts?'],
	commissionPercent: ['commission_percent', 'amount?'],
	commissionFixed: { fixed: null },
	aaio: {
		group: {
			commissionUserPercent: ['commission_user_percent', 'amount?'],
			commissionMerchantPercent: ['commission_merchant_percent', 'amount?'],
			commissionType: ['commission_type', 'value?'],
		},
	},
};

/** Payout → Get Methods (`/api/methods-payoff`): limits in RUB. */
export const PAYOUT_METHOD: EntityTable = {
	code: ['code', 'text'],
	name: ['name', 'text?'],
	enabled: { fixed: true },
	min: { amount: 'min', currency: 'RUB' },
	max: { amount: 'max', currency: 'RUB' },
	commissionPercent: ['commission_percent', 'amount?'],
	commissionFixed: ['commission_sum', 'amount?'],
};

/** SBP Bank → Get Many (`/api/sbp-banks-payoff`). */
export const SBP_BANK: EntityTable = {
	id: ['bankId', 'text'],
	name: ['bankName', 'text'],
	icon: ['bankIcon', 'text?'],
};

/** Notification IP → Get Many (`/api/public/ips`): one item per address. */
export const NOTIFICATION_IP: EntityTable = {
	ip: ['value', 'text'],
};
