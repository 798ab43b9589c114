using System.Globalization;
using TutorBot.Cards;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Conversation;

/// <summary>One inbound activity being handled: what came in, where to answer, and in which language.</summary>
public sealed class TurnContext(Activity activity, IConnector connector, CultureInfo culture)
{
    public Activity Activity { get; } = activity;

    public CultureInfo Culture { get; } = culture;

    public IConnector Connector { get; } = connector;

    public string TenantId => Activity.Conversation?.TenantId ?? Activity.ChannelData?.Tenant?.Id ?? "";

    /// <summary>The sender's Entra object id; null when absent or blank (see <see cref="ObjectIds"/>).</summary>
    public string? AadObjectId => ObjectIds.Usable(Activity.From?.AadObjectId);

    /// <summary>The reference to answer in this conversation, and later proactively.</summary>
    public ConversationRef Reference => new(Activity.ServiceUrl!, Activity.Conversation!.Id!, TenantId, Activity.From?.Id, Activity.Recipient?.Id);

    /// <summary>Answers in this turn's conversation (<see cref="IConnector.AnswerAsync"/>: no uninstall check, they are writing).</summary>
    public Task<string?> SendAsync(Activity message, CancellationToken cancellationToken = default) =>
        Connector.AnswerAsync(Reference, message with { Locale = Activity.Locale }, cancellationToken);

    public Task<string?> SendAsync(AdaptiveCard card, CancellationToken cancellationToken = default) => SendAsync(card.ToActivity(), cancellationToken);

    public Task<string?> SendTextAsync(string text, CancellationToken cancellationToken = default) => SendAsync(Activity.FromText(text), cancellationToken);
}
