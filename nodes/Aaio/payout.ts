import type { IDataObject } from 'n8n-workflow';

import { outcomeOf } from '../shared/errors';
import { sameMoney } from '../shared/money';
import { differs, sameWallet } from '../shared/payout';
import type { PayoutApi } from '../shared/payout';
import { PAYOUT } from './entities';
import { aaio } from './provider';

/**
 * How aaio says that it knows no payout with an ID. UNCERTAIN: aaio does not document this
 * answer (only its generic `{"type":"fail","code":400,"message":…}`). Any clear refusal of the
 * lookup with 400 or 404 (its own JSON, not a proxy's page) counts as "no such payout": the lookup
 * sends nothing but the ID, so there is little else it could refuse, and requiring a wording would
 * block every payout the day aaio rewords it. Where that reading matters it is safe: before a
 * create, a wrong "not found" only lets the create go out, which aaio checks itself; after an
 * unclear failure, "not found" and "lookup failed" both end as "state unknown". 401 and 403 (the
 * key or its permission) are failures.
 */
const NOT_FOUND_CODES = [400, 404];

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
		return outcomeOf(error) === 'refused' && answer.redirect === undefined && NOT_FOUND_CODES.includes(Number(answer.httpCode));
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
