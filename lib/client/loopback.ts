const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/**
 * Whether a URL's `hostname` is a loopback host (`localhost`, `127.x.x.x`, `[::1]`): the only hosts plain `http:`
 * may reach, for the API (the local emulator) and for IP range feeds alike.
 */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
