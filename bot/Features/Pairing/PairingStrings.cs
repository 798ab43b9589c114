namespace TutorBot.Features.Pairing;

/// <summary>Marker for <c>IStringLocalizer&lt;PairingStrings&gt;</c>: PairingStrings.resx is French, PairingStrings.en.resx English.</summary>
public sealed class PairingStrings;
