using TutorBot.Features.Roster;

namespace TutorBot.Features.Partners;

/// <summary>
/// The communication clauses of the two agreements in shared/seeds, as data. Written once per agreement and party;
/// later edits of the mention by the party's correspondent stay.
/// </summary>
public sealed class PartnersSeeder(PartnersStore store) : IHostedService
{
    private static readonly RequiredLink PasseportAvenirSite = new("https://www.passeport-avenir.com/", "www.passeport-avenir.com", "www.passeport-avenir.com");
    private static readonly RequiredLink UpsSite = new("https://prepas.org/", "prepas.org", "prepas.org");

    public static readonly PartyObligations[] Clauses =
    [
        // UPS × Passeport Avenir, "COMMUNICATION": each cites the other among its partners "avec son logotype chaque
        // fois que possible", with links to the sites; "un BAT préalable sera systématiquement requis" for either
        // logo; "La référence à Passeport Avenir ne peut en aucun cas, sauf accord écrit de Passeport Avenir,
        // intervenir dans le cadre d'une communication à but commercial."
        new(UpsPasseportAvenir, RosterValidator.AssociationId,
            "Avec le soutien de l'association Passeport Avenir.", "With the support of the Passeport Avenir association.",
            LogoExpected: true, LogoNeedsBat: true, [PasseportAvenirSite], NameBarredFromCommercial: true, WrittenConsentOnRecord: false),
        new(UpsPasseportAvenir, "ups",
            "En partenariat avec l'Union des Professeurs de classes préparatoires Scientifiques (UPS).",
            "In partnership with the UPS, the union of science preparatory class teachers (Union des Professeurs de classes préparatoires Scientifiques).",
            LogoExpected: true, LogoNeedsBat: true, [UpsSite], NameBarredFromCommercial: false, WrittenConsentOnRecord: false),

        // Académie d'Aix-Marseille × Passeport Avenir, article 7: "Chaque partie s'engage à mentionner la
        // participation de l'autre partie dans toute opération de communication externe". No logo, no link.
        new(AixMarseillePasseportAvenir, RosterValidator.AssociationId,
            "Action menée avec la participation de l'association Passeport Avenir.", "With the participation of the Passeport Avenir association.",
            LogoExpected: false, LogoNeedsBat: false, [], NameBarredFromCommercial: false, WrittenConsentOnRecord: false),
        new(AixMarseillePasseportAvenir, "academie-aix-marseille",
            "Action menée avec la participation de l'Académie d'Aix-Marseille.", "With the participation of the Académie d'Aix-Marseille (education authority).",
            LogoExpected: false, LogoNeedsBat: false, [], NameBarredFromCommercial: false, WrittenConsentOnRecord: false),
    ];

    private static string UpsPasseportAvenir => RosterSeeder.Agreements[0].Id;

    private static string AixMarseillePasseportAvenir => RosterSeeder.Agreements[1].Id;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var clause in Clauses)
        {
            await store.AddIfMissingAsync(clause, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
