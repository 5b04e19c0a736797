"""The baseline the dashboard is measured against: one plotly chart of six bars, nothing else.

It pays what every Streamlit page pays (the server, the websocket, the frontend bundle,
plotly.js) and nothing the dashboard adds, so dashboard ÷ baseline is the dashboard's cost.
"""

import plotly.graph_objects as go
import streamlit as st

figure = go.Figure(
    go.Bar(x=["A", "B", "C", "D", "E", "F"], y=[3, 1, 4, 1, 5, 9]),
    layout={"template": "plotly_white", "title": {"text": "baseline"}},
)
st.plotly_chart(figure, key="baseline_chart")
