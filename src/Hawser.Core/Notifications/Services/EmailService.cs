using System.Globalization;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Hawser.Notifications.Services;

/// <summary>
/// E-mail over SMTP (<c>service.email[.NAME]: {host, port, from, username, password, html, insecure_skip_verify}</c>),
/// through MailKit: port 465 speaks TLS from the start, any other port upgrades with STARTTLS when the server offers it;
/// <c>username</c> logs in. The recipient is the address; the subject is the template's <c>email.subject</c>, the body
/// its <c>email.body</c> or else <c>message</c> (HTML when <c>html: true</c>).
/// </summary>
internal sealed class EmailService(ServiceOptions options) : INotificationService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public ServiceOptions Options => options;

    public async Task SendAsync(Notification notification, string recipient, CancellationToken cancellationToken)
    {
        if (recipient.Length == 0) throw new DeliveryException($"{options.Key}: an address is required (subscribe.TRIGGER.{options.Name}: ADDRESS)", retryable: false);
        var message = new MimeMessage();
        try
        {
            message.From.Add(MailboxAddress.Parse(options.Required("from")));
            foreach (var address in recipient.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) message.To.Add(MailboxAddress.Parse(address));
        }
        catch (ParseException e)
        {
            throw new DeliveryException($"{options.Key}: invalid address: {e.Message}", retryable: false);
        }
        message.Subject = notification.Text("email.subject") ?? "";
        var body = notification.Text("email.body") is { Length: > 0 } b ? b : notification.Message;
        message.Body = new TextPart(options.Flag("html") ? "html" : "plain") { Text = body };

        var host = options.Required("host");
        var port = int.TryParse(options.String("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 587;
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        if (options.Flag("insecure_skip_verify") || options.Flag("insecureSkipVerify")) client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        try
        {
            await client.ConnectAsync(host, port, port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
            if (options.String("username") is { Length: > 0 } user) await client.AuthenticateAsync(user, options.String("password") ?? "", cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (AuthenticationException e)
        {
            throw new DeliveryException($"{options.Key}: login refused: {options.Redact(e.Message)}", retryable: false);
        }
        catch (SmtpCommandException e)
        {
            throw new DeliveryException($"{options.Key}: the server refused the message ({(int)e.StatusCode}): {options.Redact(e.Message)}", retryable: (int)e.StatusCode is >= 400 and < 500);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException)
        {
            throw new DeliveryException($"{options.Key}: {options.Redact(e.Message)}", retryable: true);
        }
    }

    public void Dispose()
    {
        // One connection per message: nothing is held between sends.
    }
}
