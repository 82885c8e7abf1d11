/**
 * An object whose named members are replaced and whose other members forward to `target`, bound,
 * so adapter classes keep their `this` and private fields. A Proxy rather than a spread or
 * `Object.create`: adapter methods live on prototypes, and `#private` fields reject any receiver
 * but the instance. (`MovementRecorder` has its own copy; fold them together when it is touched.)
 */
export function forwarding<T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof T];
      const value = Reflect.get(t, prop, t) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}
