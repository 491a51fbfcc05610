import type { IDataObject } from 'n8n-workflow';

import { outcomeOf } from '../shared/errors';
import { sameMoney } from '../shared/money';
import { differs, sameWallet } from '../shared/payout';
import type { PayoutApi } from '../shared/payout';
import { PAYOUT } from './entities';
import { aaio } from './provider';

/**
 * How aaio says that it knows no payout with a Order ID. UNCERTAIN: aaio does not document this
 * answer (only its generic `{"type":"fail","code":400,"message":…}`); anything else is a failed
 * lookup ("state unknown"), never "not found".
 */
const NOT_FOUND = /не найден|not found/i;

/** aaio's payouts, for the shared payout flow (nodes/shared/payout.ts). */
export const aaioPayouts: PayoutApi = {
	provider: aaio,
	idField: 'my_id',
	idLabel: 'Order ID',
	cabinet: 'the aaio cabinet (aaio.so → Выводы)',
	lookupHint: 'The lookup needs the API key permission "Информация про вывод средств".',
	lookup: (id) => ({ method: 'POST', url: '/api/info-payoff', body: { my_id: id } }),
	isNotFound(error) {
		const answer = (error as { errorResponse?: IDataObject }).errorResponse ?? {};
		return (
			outcomeOf(error) === 'refused' &&
			[400, 404].includes(Number(answer.httpCode)) &&
			NOT_FOUND.test(String(answer.message))
		);
	},
	recordOf: (answer) => (answer.id || answer.my_id ? answer : undefined),
	/**
	 * aaio echoes the method, the wallet (perhaps masked), the commission type and two amounts.
	 * Which amount is the one requested is not clear from its docs: their one example has
	 * `amount` 485 "to be received" and `amount_down` 500 "debited" for commission type 0, where the
	 * SDKs send the amount to debit. Either matching counts; the other fields must match too.
	 */
	differences(sent, record) {
		const amountMatches = sameMoney(sent.amount, record.amount) || sameMoney(sent.amount, record.amount_down);
		return [
			differs('method', sent.method, record.method),
			amountMatches ? undefined : `amount ${String(record.amount)}, not ${String(sent.amount)}`,
			differs('wallet', sent.wallet, record.wallet, sameWallet),
			sent.commission_type === undefined
				? undefined
				: differs('commission type', sent.commission_type, record.commission_type),
		].filter((difference): difference is string => difference !== undefined);
	},
	table: PAYOUT,
};
