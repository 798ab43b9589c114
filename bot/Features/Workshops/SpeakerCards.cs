using TutorBot.Cards;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>The proactive cards about a speaker: the request each coordinator decides on, the decision the speaker is told.</summary>
public sealed class SpeakerCards(WorkshopStore workshops, ProgrammeStore programme, WorkshopCards cards)
{
    public async Task<AdaptiveCard?> RequestAsync(Workshop workshop, string speakerId, CancellationToken cancellationToken)
    {
        if (await workshops.GetSpeakerAsync(workshop.Id, speakerId, cancellationToken) is not { } request)
        {
            return cards.Notice("SpeakerRequest_NotFound");
        }

        return await programme.GetAsync(request.PersonId, cancellationToken) is { } speaker
            ? cards.SpeakerRequest(workshop, speaker, request)
            : cards.Notice("SpeakerRequest_NotFound");
    }

    /// <summary>Null while the request is still pending (nothing to tell yet).</summary>
    public async Task<AdaptiveCard?> DecisionAsync(Workshop workshop, string speakerId, CancellationToken cancellationToken) =>
        await workshops.GetSpeakerAsync(workshop.Id, speakerId, cancellationToken) switch
        {
            { Status: SpeakerStatus.Approved } => cards.SpeakerOffer(workshop, "Speak_Approved"),
            { Status: SpeakerStatus.Declined } => cards.SpeakerOffer(workshop, "Speak_Declined"),
            _ => null,
        };
}
