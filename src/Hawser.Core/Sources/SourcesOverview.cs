namespace Hawser.Sources;

/// <summary>
/// Sources: where an Application's files come from.
/// <para>
/// <b>Git</b> (<see cref="GitSource"/>). Every repository URL gets one bare mirror under
/// <c>&lt;cache&gt;/repos/&lt;hash of the normalised URL&gt;</c>, fetched with the <c>git</c> CLI (branches, tags and the
/// remote HEAD) under a per-repository lock that holds across threads and processes. A revision (branch, tag, full or
/// short SHA, <c>HEAD</c>, or empty for HEAD) resolves to a full commit; a full SHA already in the mirror needs no
/// fetch. Each commit is extracted once into <c>&lt;cache&gt;/trees/&lt;sha&gt;</c>, atomically (extract to a temp
/// directory, then rename), and that read-only tree is shared by every caller. Credentials reach git only through the
/// environment: an askpass helper reads the HTTPS username and password from environment variables, an SSH key is
/// written to a 0600 temp file named by <c>GIT_SSH_COMMAND</c> and deleted afterwards.
/// </para>
/// <para>
/// <b>Helm</b> (<see cref="HelmChartSource"/>). HTTP(S) chart repositories are read through their <c>index.yaml</c>;
/// OCI registries through the registry API (<c>/v2/&lt;name&gt;/tags/list</c>, manifests and blobs), with anonymous,
/// basic or bearer-token auth. A version constraint follows Helm's (Masterminds semver) rules; the chosen chart is
/// unpacked atomically into <c>&lt;cache&gt;/charts/&lt;hash of repo&gt;/&lt;chart&gt;/&lt;version&gt;</c>. An exact version
/// already in the cache costs no network and no process.
/// </para>
/// <para>Every failure is a <see cref="SourceException"/> naming the repository and what went wrong, never a secret.</para>
/// </summary>
internal static class SourcesOverview;
