import { entityItems } from '../../../shared/output';
import { operationRouting, resourceProperties } from '../../../shared/operation';
import { codedEntries } from '../../../shared/shape';
import { PAYMENT_METHOD } from '../../entities';
import { aaio, NEEDS } from '../../provider';

/** Payment Method → Get Many: the methods open to the shop (`/api/methods-pay`), one item each. */
export const paymentMethodDescription = resourceProperties('paymentMethod', [
	{
		option: {
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many payment methods (read only, free)',
			description: 'Get the payment methods open to your shop, one item per method',
			routing: operationRouting(aaio, {
				request: { method: 'POST', url: '/api/methods-pay' },
				needs: [NEEDS.merchantId],
				fromCredentials: (credentials) => ({ body: { merchant_id: String(credentials.merchantId).trim() } }),
				output: entityItems(aaio, { table: PAYMENT_METHOD, at: 'list', entries: codedEntries }),
			}),
		},
	},
]);
