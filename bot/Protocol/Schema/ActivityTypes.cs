namespace TutorBot.Protocol.Schema;

/// <summary>Activity <c>type</c> values Teams sends.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string MessageReaction = "messageReaction";
}

/// <summary>Invoke <c>name</c> values TutorBot answers.</summary>
public static class InvokeNames
{
    public const string AdaptiveCardAction = "adaptiveCard/action";
}

public static class Channels
{
    public const string MsTeams = "msteams";
}
