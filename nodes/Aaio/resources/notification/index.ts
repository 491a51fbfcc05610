import { notificationResource } from '../../../shared/verifySignature';
import { aaioNotificationEvents, isGenuineAaioNotification } from '../../notifications';
import { aaio } from '../../provider';

/**
 * Notification → Verify Signature: for notifications received with n8n's Webhook node. No
 * request is sent; the item says whether the `sign` is genuine.
 */
export const notificationDescription = notificationResource(aaio, aaioNotificationEvents, isGenuineAaioNotification, {
	event: 'Which secret signed it: secret key 2 (payments) or the payout notification secret (payouts)',
	payload: "The notification's form fields, as the Webhook node received them (its body), including sign",
});
