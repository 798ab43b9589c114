using System.Globalization;
using TutorBot.Cards;
using TutorBot.Conversation;
using static TutorBot.Features.Approvals.ApprovalStrings;

namespace TutorBot.Features.Approvals;

/// <summary>
/// Who and what a BAT card names: the organisations' names, the requester's name, and the draft's preview: the words
/// of an HTML draft, a thumbnail of an image (a data URI), or a link to open a PDF (or an image too large to preview)
/// made for the card's recipient.
/// </summary>
public sealed record BatCardFacts(string PartnerName, string RequesterOrganisationName, string RequesterName, string? DraftExcerpt, string? PreviewImage = null, Uri? DraftLink = null);

/// <summary>
/// The BAT cards, built in the recipient's culture (set around the call): the decision card for the partner's
/// correspondent (also as a reminder), what the clicker sees after a press (recorded, refused, already decided), the
/// answer to the requester and the revocation notice. Every text one person typed (the comment, the draft) goes
/// through the card records' plain-text guard.
/// </summary>
public static class ApprovalCards
{
    public const string Verb = "bat.decide";

    public static class Inputs
    {
        public const string Organisation = "batOrg";
        public const string Request = "batRequest";
        public const string Decision = "batDecision";
        public const string Comment = "batComment";
    }

    public static AdaptiveCard Decision(BatRequest r, BatCardFacts facts, bool reminder = false, string? errorKey = null, string? comment = null)
    {
        var body = new List<CardElement> { new TextBlock(Text("Card_Title", facts.PartnerName)) { Size = "Large", Weight = "Bolder" } };
        if (reminder)
        {
            body.Add(new TextBlock(Text("Card_Reminder", Date(r.CreatedAt))) { Weight = "Bolder" });
        }

        if (errorKey is not null)
        {
            body.Add(new TextBlock(Text(errorKey, BatRequest.CommentMaxLength)) { Color = "Attention", Weight = "Bolder" });
        }

        body.Add(new TextBlock(Text("Card_Intro", facts.RequesterName, facts.RequesterOrganisationName)));
        body.Add(Facts(r));
        if (facts.DraftExcerpt is { Length: > 0 } excerpt)
        {
            body.Add(new TextBlock(Text("Draft_Preview")) { Weight = "Bolder" });
            body.Add(new TextBlock(excerpt) { IsSubtle = true });
        }

        if (facts.PreviewImage is { } image)
        {
            body.Add(new TextBlock(Text("Draft_ImagePreview")) { Weight = "Bolder" });
            body.Add(new Image(image) { AltText = Text("Draft_ImageAlt", facts.RequesterOrganisationName), Size = "Stretch" });
        }

        if (facts.DraftLink is { } link)
        {
            body.Add(new TextBlock(Text(r.DraftContentType == BatDrafts.Pdf ? "Draft_PdfLink" : "Draft_ImageLink")) { IsSubtle = true });
            body.Add(new ActionSet([new ActionOpenUrl(Text(r.DraftContentType == BatDrafts.Pdf ? "Draft_OpenPdf" : "Draft_OpenImage"), link)]));
        }

        body.Add(new InputText { Id = Inputs.Comment, Label = Text("Comment_Label"), IsMultiline = true, MaxLength = BatRequest.CommentMaxLength, Value = comment });
        CardAction Button(string title, string decision) => new ActionExecute(Text(title), Verb, new Dictionary<string, string>
        {
            [Inputs.Organisation] = r.OrganisationId,
            [Inputs.Request] = r.Id,
            [Inputs.Decision] = decision,
        });
        return new AdaptiveCard(body, [Button("Approve", BatDecisions.Approve), Button("Changes", BatDecisions.RequestChanges), Button("Reject", BatDecisions.Reject)]);
    }

    /// <summary>The decider's card once the answer is recorded, or when it was recorded before (409: a stale card, a second device).</summary>
    public static AdaptiveCard Outcome(BatRequest r, BatCardFacts facts, string noticeKey)
    {
        var body = new List<CardElement>
        {
            new TextBlock(Text("Card_Title", facts.PartnerName)) { Size = "Large", Weight = "Bolder" },
            new TextBlock(noticeKey == "AlreadyDecided" ? Text(noticeKey, Status(r.Status), Date(r.DecidedAt ?? r.CreatedAt)) : Text(noticeKey, Status(r.Status)))
            {
                Weight = "Bolder", Color = noticeKey == "Decided" ? "Good" : "Warning",
            },
            Facts(r),
        };
        if (r.Comment is { } comment)
        {
            body.Add(new TextBlock(comment) { IsSubtle = true });
        }

        return new AdaptiveCard(body);
    }

    /// <summary>403: someone who is not the partner's correspondent pressed a button; nothing changed.</summary>
    public static AdaptiveCard Forbidden(BatCardFacts facts) => new([
        new TextBlock(Text("Card_Title", facts.PartnerName)) { Size = "Large", Weight = "Bolder" },
        new TextBlock(Text("Forbidden", facts.PartnerName)) { Color = "Attention", Weight = "Bolder" },
    ]);

    public static AdaptiveCard Notice(string key) => new([new TextBlock(Text(key)) { Color = "Attention" }]);

    /// <summary>The requester's card: the decision (or the expiry), the partner's comment, and what a grant allows.</summary>
    public static AdaptiveCard Answer(BatRequest r, BatCardFacts facts)
    {
        var body = new List<CardElement>
        {
            new TextBlock(Text("Answer_Title", facts.PartnerName)) { Size = "Large", Weight = "Bolder" },
            new TextBlock(Text("Answer_Status", Status(r.Status))) { Weight = "Bolder", Color = r.Status == BatStatus.Approved ? "Good" : "Warning" },
            Facts(r),
        };
        if (r.Status == BatStatus.Expired)
        {
            body.Add(new TextBlock(Text("Expired_Body", facts.PartnerName)));
        }

        if (r.Comment is { } comment)
        {
            body.Add(new TextBlock(Text("Answer_Comment", facts.PartnerName)) { Weight = "Bolder" });
            body.Add(new TextBlock(comment));
        }

        if (r.Status == BatStatus.Approved)
        {
            body.Add(new TextBlock(Text("Answer_Granted", Text("Period", Date(r.From), Date(r.To)))));
        }

        return new AdaptiveCard(body);
    }

    public static AdaptiveCard Revoked(Grant g, string partnerName) => new([
        new TextBlock(Text("Revoked_Title")) { Size = "Large", Weight = "Bolder", Color = "Attention" },
        new TextBlock(Text("Revoked_Body", partnerName, Medium(g.Medium), Text("Period", Date(g.From), Date(g.To)))),
    ]);

    public static string Status(string status) => Text("Status_" + status);

    public static string Medium(string medium) => Text("Medium_" + medium);

    private static FactSet Facts(BatRequest r) => new([
        new Fact(Text("Fact_Logo"), r.LogoHash[..12]),
        new Fact(Text("Fact_Medium"), Medium(r.Medium)),
        new Fact(Text("Fact_Period"), Text("Period", Date(r.From), Date(r.To))),
        new Fact(Text("Fact_Draft"), Text("Draft_File", r.DraftContentType, Math.Max(1, (r.DraftBytes + 1023) / 1024), r.DraftHash[..12])),
    ]);

    private static string Date(DateTimeOffset utc) => Culture.ToParis(utc).ToString("d MMMM yyyy", CultureInfo.CurrentUICulture);
}
