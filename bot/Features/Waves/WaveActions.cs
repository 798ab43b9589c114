using System.Globalization;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.Waves;

/// <summary>Who is composing, from the clicker's stored person: a coordinator, a teacher of a school (its referent), or nobody.</summary>
internal static class WaveAuthors
{
    public static WaveAuthor? Of(Person? person) => person switch
    {
        { Role: Roles.Coordinator } => new WaveAuthor(person.Id, true, null, person.TenantId),
        { Role: Roles.Teacher, SchoolId: { Length: > 0 } school } => new WaveAuthor(person.Id, false, school, person.TenantId),
        _ => null,
    };
}

/// <summary>
/// The waves' buttons. An answer: the clicker is found from storage (tenant + object id → person), never from the
/// card; their recipient row is loaded once and written once under its ETag, and the card answers with the
/// updated card. A compose: the form's wave is created and sent, or a card says what is wrong.
/// </summary>
public sealed class WaveActions(ProgrammeStore programme, WaveStore waves, WaveComposer composer, TimeProvider clock) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = [WaveCards.Verbs.Answer, WaveCards.Verbs.Compose];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        return request.Verb == WaveCards.Verbs.Compose
            ? await ComposeAsync(turn, person, request, cancellationToken)
            : await AnswerAsync(turn, person, request, cancellationToken);
    }

    private async Task<CardActionResult> AnswerAsync(TurnContext turn, Person? person, CardActionRequest request, CancellationToken cancellationToken)
    {
        var culture = turn.Culture;
        if (person is null || request.Get(WaveCards.Inputs.WaveId) is not { } waveId
            || await waves.GetCachedAsync(waveId, cancellationToken) is not { } wave
            || await waves.GetRecipientAsync(waveId, person.Id, cancellationToken) is not { } recipient)
        {
            return Notice("Answer_NotForYou", culture);
        }

        if (wave.State == WaveStates.Cancelled)
        {
            return Notice("Answer_Cancelled", culture);
        }

        if (!int.TryParse(request.Get(WaveCards.Inputs.Answer), NumberStyles.None, CultureInfo.InvariantCulture, out var answer) || wave.AnswerAt(answer) is null)
        {
            return CardActionResult.Replace(WaveCards.Recipient(wave, culture, recipient.Answer));
        }

        recipient.Answer = answer;
        recipient.AnsweredUtc = clock.GetUtcNow();
        return await waves.TryReplaceRecipientAsync(recipient, cancellationToken)
            ? CardActionResult.Replace(WaveCards.Recipient(wave, culture, answer))
            : Notice("Answer_Retry", culture);
    }

    private async Task<CardActionResult> ComposeAsync(TurnContext turn, Person? person, CardActionRequest request, CancellationToken cancellationToken)
    {
        var culture = turn.Culture;
        if (WaveAuthors.Of(person) is not { } author)
        {
            return Notice("Refused_NotAllowed", culture);
        }

        // One insert: the wave, already sending from this chat (its expansion row planned just before).
        var result = await composer.CreateAsync(author, WaveComposeCard.Read(request.Get), cancellationToken, turn.Reference);
        switch (result.Outcome)
        {
            case ComposeOutcome.Forbidden:
                return Notice("Refused_NotAllowed", culture);
            case ComposeOutcome.TooLarge:
                return Notice("Compose_TooLarge", culture, result.Bytes, Cards.AdaptiveCard.MaxMessageBytes);
            case ComposeOutcome.Invalid or ComposeOutcome.Unknown:
                return Notice("Compose_Invalid", culture, string.Join(", ", result.Errors!.Keys));
        }

        return Notice("Compose_Sent", culture, result.Wave!.Title, result.Wave.Recipients);
    }

    private static CardActionResult Notice(string key, CultureInfo culture, params object[] args) => CardActionResult.Replace(WaveCards.Notice(key, culture, args));
}

/// <summary>"vague" / "wave": the compose form for coordinators and referents; a card saying who may send waves for anyone else.</summary>
public sealed class WaveCommand(ProgrammeStore programme, SchoolDirectory directory) : IMessageCommand, ILocalisedHelp
{
    public IReadOnlyCollection<string> Keywords { get; } = ["vague", "vagues", "wave", "waves"];

    public string HelpKey => "Help_Waves";

    public IReadOnlyCollection<string> ForRoles { get; } = [Roles.Coordinator, Roles.Teacher];

    public string HelpWord => WaveTexts.Get("Help_Waves_Word", CultureInfo.CurrentUICulture);

    public string HelpLine => WaveTexts.Get("Help_Waves", CultureInfo.CurrentUICulture);

    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var person = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (WaveAuthors.Of(person) is not { } author)
        {
            await turn.SendAsync(WaveCards.Notice("Refused_NotAllowed", turn.Culture), cancellationToken);
            return;
        }

        var (_, classes) = await directory.LoadAsync(cancellationToken);
        await turn.SendAsync(WaveComposeCard.Form(author, classes, turn.Culture), cancellationToken);
    }
}
