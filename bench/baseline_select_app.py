"""The interaction control: a selectbox and a 6-bar chart whose title names the choice.

Changing the choice costs a Streamlit rerun and a chart update and nothing else, so it
is the floor the dashboard's metric selectors are compared with on this machine.
"""

import plotly.graph_objects as go
import streamlit as st

OPTIONS = ["收到提案", "立案提案", "社情民意信息", "协商活动", "委员会客室", "界别委员工作室"]

choice = st.selectbox("指标", OPTIONS, key="baseline_metric")
shift = OPTIONS.index(choice)
figure = go.Figure(
    go.Bar(x=["A", "B", "C", "D", "E", "F"], y=[(v + shift) % 10 for v in (3, 1, 4, 1, 5, 9)]),
    layout={"template": "plotly_white", "title": {"text": f"{choice}：各委员会比较"}},
)
st.plotly_chart(figure, key="baseline_chart")
