// Secret values never show in a diff: each value of a Secret's data and stringData becomes a row of '+', the same row
// for equal values on both sides and a longer one for each different value, so a change is visible but not its content.

type Manifest = Record<string, unknown> | null;

const maskedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

function isSecret(object: Manifest): boolean {
  return !!object && object.kind === 'Secret' && (object.apiVersion === 'v1' || object.apiVersion === undefined);
}

/** Copies of both sides with every Secret value masked (other kinds are returned as they are). */
export function maskSecrets(desired: Manifest, live: Manifest): [Manifest, Manifest] {
  if (!isSecret(desired) && !isSecret(live)) return [desired, live];
  const masks = new Map<string, string>();
  const maskOf = (value: unknown) => {
    const text = String(value);
    let mask = masks.get(text);
    if (!mask) {
      mask = '+'.repeat(8 + masks.size);
      masks.set(text, mask);
    }
    return mask;
  };
  const mask = (object: Manifest): Manifest => {
    if (!object) return object;
    const copy = structuredClone(object);
    for (const field of ['data', 'stringData']) {
      const values = copy[field] as Record<string, unknown> | undefined;
      if (values && typeof values === 'object') for (const k of Object.keys(values)) values[k] = maskOf(values[k]);
    }
    const annotations = (copy.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
    if (annotations && maskedAnnotation in annotations) annotations[maskedAnnotation] = maskOf(annotations[maskedAnnotation]);
    return copy;
  };
  return [mask(desired), mask(live)];
}
