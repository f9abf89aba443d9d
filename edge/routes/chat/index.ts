/** The widget's chat relay (design §3): token, messages (send and read), and the live socket. */
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { chatMessagesRoute } from './messages';
import { chatSocketRoute } from './socket';
import { chatTokenRoute } from './token';

export const chatRoute = new Hono<AppEnv>();
chatRoute.route('/token', chatTokenRoute);
chatRoute.route('/messages', chatMessagesRoute);
chatRoute.route('/socket', chatSocketRoute);
