using TutorBot.Cards;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>The proactive cards about a speaker: the request each coordinator decides on, the decision the speaker is told.</summary>
public sealed class SpeakerCards(WorkshopStore workshops, ProgrammeStore programme, WorkshopCards cards)
{
    public async Task<AdaptiveCard> ForAsync(FanOutMessage message, Workshop workshop, CancellationToken cancellationToken)
    {
        var speakerId = message.Kind == FanOutKinds.SpeakerDecided ? message.RecipientId : message.SubjectId;
        var request = speakerId is null ? null : await workshops.GetSpeakerAsync(workshop.Id, speakerId, cancellationToken);
        if (request is null)
        {
            return cards.Notice("SpeakerRequest_NotFound");
        }

        if (message.Kind == FanOutKinds.SpeakerDecided)
        {
            return cards.SpeakerOffer(workshop, request.Status == SpeakerStatus.Approved ? "Speak_Approved" : "Speak_Declined");
        }

        return await programme.GetAsync(request.PersonId, cancellationToken) is { } speaker
            ? cards.SpeakerRequest(workshop, speaker, request)
            : cards.Notice("SpeakerRequest_NotFound");
    }
}
