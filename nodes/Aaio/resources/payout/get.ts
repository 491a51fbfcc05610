import { findByFields } from '../../../shared/fields';
import { entityItems } from '../../../shared/output';
import type { Operation } from '../../../shared/operation';
import { operationRouting } from '../../../shared/operation';
import { checkRequest, oneOf } from '../../../shared/validate';
import { PAYOUT } from '../../entities';
import { aaio } from '../../provider';

/** Payout → Get (`/api/info-payoff`), by aaio's payout ID or your order ID (my_id). */
export const get: Operation = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a payout (read only, free)',
		description: "Get a payout by your order ID or by aaio's ID: status, amounts, fee",
		routing: operationRouting(aaio, {
			request: { method: 'POST', url: '/api/info-payoff' },
			preSend: [checkRequest(aaio, 'body', oneOf({ id: 'Payout ID', my_id: 'Order ID' }))],
			output: entityItems(aaio, { table: PAYOUT }),
		}),
	},
	fields: findByFields('Payout', 'body', { id: 'id', orderId: 'my_id' }),
};
