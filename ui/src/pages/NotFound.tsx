import { strings } from '../strings';
import { Link } from '../components/Link';

export function NotFound() {
  return (
    <section class="page">
      <h1>404</h1>
      <p>
        <Link href="/applications">{strings.nav.applications}</Link>
      </p>
    </section>
  );
}
