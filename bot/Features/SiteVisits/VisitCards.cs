using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.SiteVisits;

/// <summary>The cards of site visits: the partner's offer form, the coordinator's match form, the host line; the rest is the workshop cards'.</summary>
public sealed class VisitCards(IStringLocalizer<VisitStrings> strings, WorkshopCards shared)
{
    public string Text(string key, params object[] args) => strings[key, args];

    public AdaptiveCard Notice(string key, params object[] args) => CardPieces.Notice(Text(key, args));

    /// <summary>What the partner or coordinator sees after an offer or a match.</summary>
    public AdaptiveCard Status(Workshop visit, string noticeKey) => shared.CoordinatorStatusSaying(visit, strings[noticeKey].Value);

    /// <summary>A partner employee's visit offer: site, address, date, capacity; they host it, in their stored mailbox (none is typed).</summary>
    public AdaptiveCard VisitOfferForm(CardActionRequest? previous = null, string? errorKey = null)
    {
        var body = new List<CardElement> { CardPieces.Title(strings["Offer_Title"]) };
        AddError(body, errorKey);
        body.AddRange(
        [
            new InputText { Id = WorkshopCards.Inputs.Site, Label = strings["Offer_Site"], MaxLength = WorkshopInput.TextMax, IsRequired = true, Value = previous?.Get(WorkshopCards.Inputs.Site) },
            new InputText { Id = WorkshopCards.Inputs.Address, Label = strings["Offer_Address"], MaxLength = WorkshopInput.TextMax, IsRequired = true, Value = previous?.Get(WorkshopCards.Inputs.Address) },
            new InputText { Id = WorkshopCards.Inputs.City, Label = strings["Offer_City"], MaxLength = 80, IsRequired = true, Value = previous?.Get(WorkshopCards.Inputs.City) },
            .. shared.When(previous),
            new InputNumber { Id = WorkshopCards.Inputs.Capacity, Label = shared.Text("Publish_Capacity"), Min = 1, Max = WorkshopInput.CapacityMax, IsRequired = true, Value = WorkshopCards.Number(previous?.Get(WorkshopCards.Inputs.Capacity)) ?? 15 },
        ]);
        return new AdaptiveCard(body, [new ActionExecute(strings["Offer_Submit"], WorkshopCards.Verbs.OfferVisit, new Dictionary<string, string>())]);
    }

    /// <summary>The coordinator matches an offered visit to schools: those of the visit's city come preselected.</summary>
    /// <remarks>It says whose calendar the visit goes to (a name, never a mailbox); the host may be changed to a colleague of the same company.</remarks>
    public AdaptiveCard MatchForm(Workshop visit, IReadOnlyList<School> schools, IReadOnlyList<SchoolClass> classes, VisitHostChoice hosts, CardActionRequest? previous = null, string? errorKey = null)
    {
        var nearby = schools.Where(s => string.Equals(s.City, visit.City, StringComparison.OrdinalIgnoreCase)).Select(s => s.Id).ToList();
        var body = new List<CardElement> { CardPieces.Title(strings["Match_Title", visit.Site ?? ""]) };
        AddError(body, errorKey);
        body.Add(shared.Facts(visit, withCounts: false));
        body.Add(HostLine(hosts.Host));
        if (hosts.Colleagues.Count > 1)
        {
            body.Add(new InputChoiceSet([.. hosts.Colleagues.Select(p => new Choice(p.Mailbox is null ? strings["Match_HostChoice_NoMailbox", p.DisplayName] : p.DisplayName, p.Id))])
            {
                Id = WorkshopCards.Inputs.Host, Label = strings["Match_HostChoice"], Style = "compact", Value = previous?.Get(WorkshopCards.Inputs.Host) ?? hosts.Host?.Id,
            });
        }

        body.Add(new InputChoiceSet([.. schools
            .OrderByDescending(s => nearby.Contains(s.Id))
            .Select(s => new Choice(nearby.Contains(s.Id) ? strings["Match_Nearby", s.Name, s.City] : $"{s.Name} ({s.City})", s.Id))])
        {
            Id = WorkshopCards.Inputs.Schools, Label = shared.Text("Publish_Schools"), IsMultiSelect = true, Style = "expanded", IsRequired = true,
            Value = previous?.Get(WorkshopCards.Inputs.Schools) ?? string.Join(',', nearby),
        });
        body.Add(shared.ClassChoices(schools, classes, previous));
        return new AdaptiveCard(body, [new ActionExecute(strings["Match_Submit"], WorkshopCards.Verbs.Match, new Dictionary<string, string> { [WorkshopCards.Inputs.WorkshopId] = visit.Id })]);
    }

    /// <summary>Whose calendar the visit goes to, by name; or that it goes to none, the host having no stored mailbox.</summary>
    public TextBlock HostLine(Person? host) => host?.Mailbox is null
        ? new TextBlock(strings["Match_HostNoMailbox", host?.DisplayName ?? "—"]) { Color = "Warning" }
        : new TextBlock(strings["Match_Host", host.DisplayName]);

    /// <summary>An error in a visit form (a visit key, else a workshop one: the date and time are checked as for workshops).</summary>
    private void AddError(List<CardElement> body, string? key)
    {
        if (key is not null)
        {
            var text = strings[key];
            body.Add(CardPieces.Error(text.ResourceNotFound ? shared.Text(key) : text.Value));
        }
    }
}
