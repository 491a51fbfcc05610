import { findByFields } from '../../../shared/fields';
import { entityItems } from '../../../shared/output';
import { checkFound, operationRouting } from '../../../shared/operation';
import type { Operation } from '../../../shared/operation';
import { checkRequest, oneOf } from '../../../shared/validate';
import { PAYMENT } from '../../entities';
import { morune, SHOP_NEEDS, shopIdIn } from '../../provider';

/** Payment → Get: a morune invoice (`GET /invoice/info`) by its ID or your order ID. */
export const get: Operation = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get a payment (read only, free)',
		description: 'Get the status and amounts of a payment by its ID or order ID',
		routing: operationRouting(morune, {
			request: { method: 'GET', url: '/invoice/info' },
			fromCredentials: shopIdIn('qs'),
			needs: SHOP_NEEDS,
			preSend: [checkRequest(morune, 'qs', oneOf({ invoice_id: 'Payment ID', order_id: 'Order ID' }))],
			check: checkFound(morune, {
				thing: 'payment',
				check: 'the payment ID or order ID, and that the payment belongs to the shop in the Morune API credential',
			}),
			output: entityItems(morune, { table: PAYMENT, at: 'data' }),
		}),
	},
	fields: findByFields('Payment', 'query', { id: 'invoice_id', orderId: 'order_id' }),
};
