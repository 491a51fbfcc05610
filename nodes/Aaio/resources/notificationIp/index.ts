import { entityItems } from '../../../shared/output';
import { checkResponse, operationRouting, resourceProperties } from '../../../shared/operation';
import { listEntries } from '../../../shared/shape';
import { NOTIFICATION_IP } from '../../entities';
import { aaio, aaioPublicList } from '../../provider';

/** Notification IP → Get Many: the addresses aaio sends notifications from (`/api/public/ips`). */
export const notificationIpDescription = resourceProperties('notificationIp', [
	{
		option: {
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many notification IP addresses (read only, free)',
			description: 'Get the IP addresses aaio sends payment notifications from, one item per address',
			routing: operationRouting(aaio, {
				request: { method: 'GET', url: '/api/public/ips' },
				check: checkResponse(aaioPublicList),
				output: entityItems(aaio, { table: NOTIFICATION_IP, at: 'list', entries: listEntries }),
			}),
		},
	},
]);
