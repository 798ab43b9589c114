using TutorBot.Features.Roster;

namespace TutorBot.Features.Partners;

/// <summary>One party as the pane reads it (addin/src/contract.ts <c>AgreementParty</c>).</summary>
public sealed record PartyView(
    string OrganisationId,
    string Name,
    string MentionFr,
    string MentionEn,
    bool LogoExpected,
    bool LogoNeedsBat,
    IReadOnlyList<RequiredLink> Links,
    bool NameBarredFromCommercial,
    bool WrittenConsentOnRecord);

public sealed record AgreementView(string Id, string Title, IReadOnlyList<PartyView> Parties);

public sealed record LogoView(string OrganisationId, string Hash, string ContentType, string Url);

/// <summary><c>GET /api/addin/agreements</c>.</summary>
public sealed record AgreementsView(string OrganisationId, IReadOnlyList<AgreementView> Agreements, IReadOnlyList<LogoView> Logos);

/// <summary>A granted BAT covering <c>[From, To)</c>, instants in UTC.</summary>
public sealed record GrantView(string OrganisationId, string LogoHash, string Medium, DateTime From, DateTime To)
{
    public GrantView(string organisationId, string logoHash, string medium, DateTimeOffset from, DateTimeOffset to)
        : this(organisationId, logoHash, medium, from.UtcDateTime, to.UtcDateTime)
    {
    }
}

public sealed record GrantsView(IReadOnlyList<GrantView> Grants);

public sealed record InsertionCreated(string Id);

/// <summary>What the caller's agreements require, from the roster's agreements and the Partners table.</summary>
public sealed class AddinViews(RosterPlaces places, PartnersStore store)
{
    public static string LogoUrl(string hash) => "/api/addin/logos/" + hash;

    public static PartyView View(PartyObligations o, string name) =>
        new(o.OrganisationId, name, o.MentionFr, o.MentionEn, o.LogoExpected, o.LogoNeedsBat, o.Links, o.NameBarredFromCommercial, o.WrittenConsentOnRecord);

    /// <summary>
    /// An agreement's party as stored, or with nothing required yet (an agreement imported without clauses): the
    /// pane then falls back to the party's name.
    /// </summary>
    public static PartyObligations OrDefault(PartyObligations? stored, string agreementId, string organisationId) =>
        stored ?? new PartyObligations(agreementId, organisationId, "", "", false, false, [], false, false);

    public async Task<AgreementsView> AgreementsAsync(RosterCaller caller, CancellationToken cancellationToken)
    {
        var organisations = await places.OrganisationsAsync(cancellationToken);
        var agreements = new List<AgreementView>();
        foreach (var agreement in (await places.AgreementsAsync(cancellationToken)).Where(a => PartnersAuth.IsPartyTo(caller, a)).OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var stored = (await store.ObligationsAsync(agreement.Id, cancellationToken)).ToDictionary(o => o.OrganisationId, StringComparer.Ordinal);
            var parties = agreement.Parties
                .Select(p => View(OrDefault(stored.GetValueOrDefault(p), agreement.Id, p), organisations.TryGetValue(p, out var org) ? org.Name : p))
                .ToList();
            agreements.Add(new AgreementView(agreement.Id, agreement.Title, parties));
        }

        var logos = new List<LogoView>();
        foreach (var organisation in agreements.SelectMany(a => a.Parties).Select(p => p.OrganisationId).Distinct(StringComparer.Ordinal))
        {
            if (await store.CurrentLogoAsync(organisation, cancellationToken) is { } logo)
            {
                logos.Add(new LogoView(organisation, logo.Hash, logo.ContentType, LogoUrl(logo.Hash)));
            }
        }

        return new AgreementsView(PartnersAuth.OrganisationOf(caller), agreements, logos);
    }

    /// <summary>The organisations party to one of the caller's agreements.</summary>
    public async Task<List<string>> PartiesAsync(RosterCaller caller, CancellationToken cancellationToken) =>
        (await places.AgreementsAsync(cancellationToken))
            .Where(a => PartnersAuth.IsPartyTo(caller, a))
            .SelectMany(a => a.Parties)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
