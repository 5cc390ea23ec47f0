"""A meeting's live channel: a client joins, and is told when the meeting changed.

The full live hall (snapshots, versions, speakers) is the hall issue's; this consumer
lets the meeting page refresh its quorum without polling when the socket is up.
"""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from lianghui.sessions.live import group_name


class MeetingConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.group = group_name(int(self.scope["url_route"]["kwargs"]["meeting_id"]))
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def meeting_changed(self, event):
        await self.send_json({"type": "meeting.changed", "meeting": event["meeting"]})
