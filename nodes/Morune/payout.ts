import type { IDataObject } from 'n8n-workflow';

import { outcomeOf } from '../shared/errors';
import { sameMoney } from '../shared/money';
import { differs, sameWallet } from '../shared/payout';
import type { PayoutApi } from '../shared/payout';
import { morune } from './provider';
import { PAYOUT } from './entities';

/** morune's `subtract` is sent as 1 (fee from the balance) or 2 (from the amount, the default), echoed as a word. */
const SUBTRACT: Record<string, string> = { '1': 'balance', '2': 'amount' };

/** What morune takes when `subtract` is not sent: the fee from the amount. */
const DEFAULT_SUBTRACT = '2';

/**
 * morune's payouts, for the shared payout flow (nodes/shared/payout.ts). morune's docs ask for
 * exactly this: when the answer to a payout is lost, look it up by order ID before sending it
 * again (docs.enot.io/e/new/new-create-withdraw).
 */
export const morunePayouts: PayoutApi = {
	provider: morune,
	idField: 'order_id',
	idLabel: 'Order ID',
	cabinet: 'the morune cabinet (Выводы)',
	lookupHint: 'The lookup (GET /payoff/info) uses the same user ID and secret key as the payout.',
	lookup: (id, credentials) => ({
		method: 'GET',
		url: '/payoff/info',
		qs: { user_id: credentials.userId, order_id: id },
	}),
	// morune answers an unknown order ID with its own 404: "Вывод не найден." (its SDK's mocks).
	isNotFound: (error) =>
		outcomeOf(error) === 'refused' &&
		Number((error as { errorResponse?: IDataObject }).errorResponse?.httpCode) === 404,
	recordOf(answer) {
		const data = answer.data;
		return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as IDataObject) : undefined;
	},
	differences(sent, record) {
		const subtract = SUBTRACT[String(sent.subtract ?? DEFAULT_SUBTRACT)];
		return [
			differs('amount', sent.amount, record.amount, (a, b) => sameMoney(a, b)),
			differs('service', sent.service, record.service),
			differs('wallet', sent.wallet_to, record.wallet, sameWallet),
			differs('fee taken from the', subtract, record.subtract),
		].filter((difference): difference is string => difference !== undefined);
	},
	table: PAYOUT,
};
