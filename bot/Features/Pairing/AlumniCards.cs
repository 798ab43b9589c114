using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TutorBot.Cards;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Pairing;

/// <summary>The alumni cards: the offer to a graduate to join, and a coordinator's invitation (their words shown as typed).</summary>
public sealed class AlumniCards(IStringLocalizer<PairingStrings> strings, IOptions<ProgrammeOptions> programme)
{
    public static class Verbs
    {
        public const string Join = "pairing.alumniJoin";
        public const string Decline = "pairing.alumniDecline";
    }

    public const string SchoolInput = "alumniSchool";

    public AdaptiveCard Offer(string uai)
    {
        var data = new Dictionary<string, string> { [SchoolInput] = uai };
        return new AdaptiveCard(
            [
                new TextBlock(strings["Alumni_OfferTitle"]) { Size = "Large", Weight = "Bolder" },
                new TextBlock(strings["Alumni_OfferText"]),
            ],
            [new ActionExecute(strings["Alumni_Join"], Verbs.Join, data), new ActionExecute(strings["Alumni_NotNow"], Verbs.Decline, data)]);
    }

    public AdaptiveCard Invitation(AlumniInvitation invitation) => new(
        [
            new TextBlock(strings["Alumni_InviteHeading"]) { IsSubtle = true },
            new TextBlock(invitation.Title) { Size = "Large", Weight = "Bolder" },
            new TextBlock(invitation.Message),
            new TextBlock(strings["Alumni_InviteReply", programme.Value.ContactName, programme.Value.ContactEmail]) { IsSubtle = true },
        ]);
}
