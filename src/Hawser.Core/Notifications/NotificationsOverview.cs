namespace Hawser.Notifications;

/// <summary>
/// Notifications tell people when an app changes, configured exactly as Argo CD's notifications engine reads
/// <c>argocd-notifications-cm</c> and <c>argocd-notifications-secret</c>.
/// <para><b>Services</b> (<c>service.TYPE</c> or <c>service.TYPE.NAME</c>) say where a message goes: webhook, Slack,
/// DingTalk, WeCom, Feishu/Lark, Microsoft Teams, Telegram and e-mail (one file each under <c>Services/</c>). A value
/// <c>$key</c> reads <c>key</c> of <c>argocd-notifications-secret</c>; resolved secrets never reach a log line or an
/// error.</para>
/// <para><b>Templates</b> (<c>template.NAME</c>) are Go templates over <c>app</c> (the Application with its status, as
/// <c>argocd app get -o json</c> prints it), <c>context</c>, <c>notificationType</c> and the helpers <c>time</c>,
/// <c>repo</c> and <c>strings</c>; every string of a template is a template (<c>message</c>, <c>email.subject</c>,
/// <c>slack.attachments</c>, <c>webhook.NAME.body</c>...).</para>
/// <para><b>Triggers</b> (<c>trigger.NAME</c>) are lists of conditions: <c>when</c> (an expr expression over the same
/// names), <c>send</c> (template names), <c>oncePer</c> and <c>description</c>. A condition without <c>oncePer</c>
/// notifies once when it starts to hold and again only after it stopped holding; with <c>oncePer</c> it notifies once per
/// value of that expression (once per commit with <c>app.status.sync.revision</c>). What was sent is kept in the state
/// store (<see cref="State.INotificationSentStore"/>), so a restart never sends twice. Hawser's default catalogue
/// (<see cref="DefaultCatalog"/>) provides the triggers and templates Argo CD's catalogue names when the ConfigMap does
/// not define them.</para>
/// <para><b>Subscriptions</b>: annotations <c>notifications.argoproj.io/subscribe.TRIGGER.SERVICE: a;b</c> on the app
/// or its AppProject, and the ConfigMap's global <c>subscriptions</c> (recipients, triggers, label selector).</para>
/// <para><b>Delivery</b> (<see cref="NotificationEngine"/>) retries with bounded backoff, counts deliveries and failures per
/// service (<see cref="NotificationCounters"/>) and records failures in the app's audit trail.</para>
/// </summary>
internal static class NotificationsOverview;
