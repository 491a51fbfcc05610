import { orderIdField } from '../../../shared/fields';
import { entityItems } from '../../../shared/output';
import type { Operation } from '../../../shared/operation';
import { operationRouting } from '../../../shared/operation';
import { checkRequest, text } from '../../../shared/validate';
import { PAYMENT } from '../../entities';
import { aaio, NEEDS } from '../../provider';

/** Payment → Get: an aaio order by its order ID (aaio finds orders by nothing else). */
export const get: Operation = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a payment (read only, free)',
		description: 'Get a payment by its order ID: status, amount, method and fees',
		routing: operationRouting(aaio, {
			request: { method: 'POST', url: '/api/info-pay' },
			needs: [NEEDS.merchantId],
			fromCredentials: (credentials) => ({ body: { merchant_id: String(credentials.merchantId).trim() } }),
			preSend: [checkRequest(aaio, 'body', text('order_id', 'Order ID', { required: true, max: 64 }))],
			output: entityItems(aaio, { table: PAYMENT }),
		}),
	},
	fields: [orderIdField('order_id', "Your ID of the order (aaio's order_id)")],
};
