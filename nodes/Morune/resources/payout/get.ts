import { findByFields } from '../../../shared/fields';
import { entityItems } from '../../../shared/output';
import { checkFound, operationRouting } from '../../../shared/operation';
import type { Operation } from '../../../shared/operation';
import { checkRequest, oneOf } from '../../../shared/validate';
import { PAYOUT } from '../../entities';
import { morune, userIdIn } from '../../provider';

/** Payout → Get (`GET /payoff/info`), by morune's payout ID or your order ID. */
export const get: Operation = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a payout (read only, free)',
		description: 'Get the status and amounts of a payout by its ID or order ID',
		routing: operationRouting(morune, {
			request: { method: 'GET', url: '/payoff/info' },
			fromCredentials: userIdIn('qs'),
			preSend: [checkRequest(morune, 'qs', oneOf({ id: 'Payout ID', order_id: 'Order ID' }))],
			check: checkFound(morune, {
				thing: 'payout',
				check: 'the payout ID or order ID, and that the payout belongs to the account in the Morune API credential',
			}),
			output: entityItems(morune, { table: PAYOUT, at: 'data' }),
		}),
	},
	fields: findByFields('Payout', 'query', { id: 'id', orderId: 'order_id' }),
};
