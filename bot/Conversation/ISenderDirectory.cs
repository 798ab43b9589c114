namespace TutorBot.Conversation;

/// <summary>
/// Who is writing, as the programme knows them: the seam the Programme feature implements, so turn dispatch does not
/// depend on it (features depend on <c>Conversation/</c>, never the other way).
/// </summary>
public interface ISenderDirectory
{
    /// <summary>The person of this tenant and Entra object id, or null when the programme does not know them.</summary>
    Task<Sender?> FindAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken = default);

    /// <summary>Whom failure cards (and people not in the programme) are told to write to.</summary>
    Contact Contact { get; }
}

/// <summary>
/// What a turn from someone the programme does not know answers: the seam the Identity feature implements (it plans the
/// member lookup that may link them through the outbox, and says what this turn gets meanwhile).
/// </summary>
public interface IUnknownSenders
{
    Task<TutorBot.Protocol.Schema.AdaptiveCardInvokeResponse?> AnswerUnknownAsync(TurnContext turn, CancellationToken cancellationToken);
}

/// <summary>
/// The cards that list what someone can do (welcome, help, "didn't understand"): the seam the Welcome feature
/// implements, so turn dispatch does not depend on it.
/// </summary>
public interface IHelpCards
{
    TutorBot.Cards.AdaptiveCard Welcome(IEnumerable<IMessageCommand> commands, string role);

    TutorBot.Cards.AdaptiveCard Help(IEnumerable<IMessageCommand> commands, string role);

    TutorBot.Cards.AdaptiveCard Unknown(IEnumerable<IMessageCommand> commands, string role);
}

/// <summary>The sender of a turn: their programme person id and role (a <c>Roles</c> constant).</summary>
public sealed record Sender(string PersonId, string Role);

public sealed record Contact(string Name, string Email);
